package asyncdoctor.facts;

public record TryBlock(String id, String module, String fn, int line, int bodyEndLine, int endLine,
                       boolean hasFinally) implements Located {}
