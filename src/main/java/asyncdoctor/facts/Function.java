package asyncdoctor.facts;

import java.util.List;

public record Function(String id, String module, String qname, String name, boolean async, String className,
                       List<String> decorators, String parent, boolean lambda, boolean generator, int line, int endLine)
        implements Located {
    @Override public String fn() { return id; }

    /** Equal facts have equal ids; hashing the id alone is much cheaper than every field (the engine hashes facts often). */
    @Override public int hashCode() { return java.util.Objects.hashCode(id); }
}
