package asyncdoctor.facts;

public record ReturnStmt(String module, String fn, int line, String inFinally) implements Located {}
