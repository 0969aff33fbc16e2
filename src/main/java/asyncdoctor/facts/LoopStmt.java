package asyncdoctor.facts;

/** A for, async for or while statement. */
public record LoopStmt(String module, String fn, String kind, String header, int line, int endLine, int depth)
        implements Located {

    /** `while True:` / `while 1:` — ends only by break, return or an exception. */
    public boolean endless() {
        String h = header.replace(" ", "").replace("(", "").replace(")", "");
        return kind.equals("while") && (h.equals("True") || h.equals("1"));
    }
}
