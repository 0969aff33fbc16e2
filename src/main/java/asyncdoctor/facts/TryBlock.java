package asyncdoctor.facts;

public record TryBlock(String id, String module, String fn, int line, int bodyEndLine, int endLine,
                       boolean hasFinally) implements Located {
    /** Equal facts have equal ids; hashing the id alone is much cheaper than every field (the engine hashes facts often). */
    @Override public int hashCode() { return java.util.Objects.hashCode(id); }
}
