package asyncdoctor.facts;

public record AwaitSite(String id, String module, String fn, String call, String kind, String text, int line,
                        int column, String inFinally) implements Located {
    /** Equal facts have equal ids; hashing the id alone is much cheaper than every field (the engine hashes facts often). */
    @Override public int hashCode() { return java.util.Objects.hashCode(id); }
}
