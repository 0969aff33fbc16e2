package asyncdoctor.facts;

public record JumpStmt(String module, String fn, String kind, int line, int loopDepth, String inFinally,
                       String inHandler) implements Located {}
