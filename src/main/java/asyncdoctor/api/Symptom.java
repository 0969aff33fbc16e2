package asyncdoctor.api;

/** The user's symptom text (null in lint mode) and its class. */
public record Symptom(String text, String symptomClass) {}
