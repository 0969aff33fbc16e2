package asyncdoctor.facts;

public record WithBlock(String id, String module, String fn, boolean async, String expr, String call,
                        String target, int line, int endLine, int loopDepth) implements Located {
    /** Equal facts have equal ids; hashing the id alone is much cheaper than every field (the engine hashes facts often). */
    @Override public int hashCode() { return java.util.Objects.hashCode(id); }
}
