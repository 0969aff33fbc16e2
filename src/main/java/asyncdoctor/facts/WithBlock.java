package asyncdoctor.facts;

public record WithBlock(String id, String module, String fn, boolean async, String expr, String call,
                        String target, int line, int endLine, int loopDepth) implements Located {}
