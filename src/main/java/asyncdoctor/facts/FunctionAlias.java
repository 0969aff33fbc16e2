package asyncdoctor.facts;

public record FunctionAlias(String module, String name, String target, String wrapper, int line) {}
