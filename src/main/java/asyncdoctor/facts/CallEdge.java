package asyncdoctor.facts;

public record CallEdge(String call, String caller, String callee) {}
