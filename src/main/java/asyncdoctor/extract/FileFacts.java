package asyncdoctor.extract;

import asyncdoctor.facts.Module;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything lowered from one file: its facts (in source order, so runs are deterministic) and the
 * warnings met on the way (syntax errors that the tree recovered from).
 */
public record FileFacts(Module module, List<Object> facts, List<Diagnostic> warnings, int lines) {
    public static FileFacts of(Module module, int lines) {
        return new FileFacts(module, new ArrayList<>(), new ArrayList<>(), lines);
    }

    @SuppressWarnings("unchecked")
    public <T> List<T> all(Class<T> type) {
        List<T> out = new ArrayList<>();
        for (Object f : facts) if (type.isInstance(f)) out.add((T) f);
        return out;
    }
}
