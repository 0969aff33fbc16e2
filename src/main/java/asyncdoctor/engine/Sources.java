package asyncdoctor.engine;

import asyncdoctor.parse.SourceText;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Source lines for finding texts, loaded on demand (only files with findings are read again). Every
 * line handed out is remembered: a rerun may reuse a report only while those lines read the same.
 */
public final class Sources {
    private final Map<String, SourceText> cache = new ConcurrentHashMap<>();
    private final Map<String, Map<Integer, String>> reads = new ConcurrentHashMap<>();
    private final Function<String, SourceText> loader;

    public Sources(Function<String, SourceText> loader) {
        this.loader = loader;
    }

    public String line(String module, int line) {
        SourceText t = cache.computeIfAbsent(module, m -> {
            SourceText s = loader.apply(m);
            return s == null ? SourceText.of("") : s;
        });
        String text = t.line(line);
        reads.computeIfAbsent(module, m -> new ConcurrentHashMap<>()).put(line, text);
        return text;
    }

    /** The lines handed out so far: file, then line number, then text. */
    public Map<String, Map<Integer, String>> reads() { return reads; }
}
