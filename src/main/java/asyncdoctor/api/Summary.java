package asyncdoctor.api;

/** Totals by severity and whether the findings explain the symptom. */
public record Summary(int critical, int warning, int suggestion, boolean explained, boolean needsSnapshot) {}
