package asyncdoctor.facts;

public record SymptomClass(String value) {}
