package asyncdoctor.facts;

import java.util.ArrayList;
import java.util.List;

public record Reaches(String fn, String kind, String via, String target, List<String> path) {

    /** A new path that starts with `call` and continues with this one; used by kb/derived rules. */
    public List<String> prepend(String call) {
        List<String> p = new ArrayList<>(path.size() + 1);
        p.add(call);
        p.addAll(path);
        return List.copyOf(p);
    }
}
