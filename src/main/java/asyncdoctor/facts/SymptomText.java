package asyncdoctor.facts;

public record SymptomText(String text, String lower) {}
