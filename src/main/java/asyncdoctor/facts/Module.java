package asyncdoctor.facts;

public record Module(String id, String name, boolean isTest, boolean isPackage, boolean hasAsync) {}
