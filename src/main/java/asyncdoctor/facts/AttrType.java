package asyncdoctor.facts;

public record AttrType(String className, String attr, String type) {}
