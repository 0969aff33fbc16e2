package asyncdoctor.facts;

public record ImportAlias(String module, String alias, String target, int line) {}
