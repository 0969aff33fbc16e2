package asyncdoctor.facts;

public record SymptomCue(String cue, String symptomClass, int weight, String category, String matched) {}
