package asyncdoctor.engine;

import asyncdoctor.parse.SourceText;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** Source lines for finding texts, loaded on demand (only files with findings are read again). */
public final class Sources {
    private final Map<String, SourceText> cache = new ConcurrentHashMap<>();
    private final Function<String, SourceText> loader;

    public Sources(Function<String, SourceText> loader) {
        this.loader = loader;
    }

    public String line(String module, int line) {
        SourceText t = cache.computeIfAbsent(module, m -> {
            SourceText s = loader.apply(m);
            return s == null ? SourceText.of("") : s;
        });
        return t.line(line);
    }
}
