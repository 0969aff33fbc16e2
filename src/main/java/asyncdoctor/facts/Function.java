package asyncdoctor.facts;

import java.util.List;

public record Function(String id, String module, String qname, String name, boolean async, String className,
                       List<String> decorators, String parent, boolean lambda, boolean generator, int line, int endLine)
        implements Located {
    @Override public String fn() { return id; }
}
