package asyncdoctor.facts;

public record Assignment(String id, String module, String fn, String target, String call, int line)
        implements Located {
    /** Equal facts have equal ids; hashing the id alone is much cheaper than every field (the engine hashes facts often). */
    @Override public int hashCode() { return java.util.Objects.hashCode(id); }
}
