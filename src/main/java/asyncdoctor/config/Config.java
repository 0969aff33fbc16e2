package asyncdoctor.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The {@code [tool.asyncdoctor]} table of a pyproject.toml (or of the file given with --config).
 * Immutable. Every field is optional; null / empty means "not set".
 *
 * <pre>
 * [tool.asyncdoctor]
 * target-version = "py311"                    # Python version fixes must run on
 * exclude = ["migrations/", "legacy/**"]       # .gitignore syntax, relative to this file's folder
 * respect-gitignore = true                     # default true
 * disable = ["AD102", "lock-order-inversion"]  # rule ids, aliases or categories
 * blocking-apis = [                            # added to kb/catalogs/blocking.yaml for this project
 *   "mycorp.db.query",
 *   { name = "mycorp.rpc.Client.*", kind = "http", severity = "critical", replacement = "mycorp.rpc.AsyncClient" },
 * ]
 *
 * [tool.asyncdoctor.severity]                  # severity overrides: rule id or category -> severity
 * AD101 = "warning"
 * "session-per-request" = "suggestion"
 * </pre>
 *
 * @param file             the file it was read from
 * @param targetVersion    "3.11" form, or null
 * @param exclude          exclude patterns in .gitignore syntax, relative to {@link #baseDir()}
 * @param respectGitignore null when not set
 * @param disable          rule ids, aliases or categories whose findings are dropped
 * @param severity         rule id, alias or category -> critical|warning|suggestion
 * @param blockingApis     extra entries for the blocking-API catalog
 * @param lines            key path ("disable", "severity.AD101", "blocking-apis[0].kind") -> line, for messages
 */
public record Config(Path file, String targetVersion, List<String> exclude, Boolean respectGitignore, List<String> disable,
                     Map<String, String> severity, List<BlockingApi> blockingApis, Map<String, Integer> lines) {
    public Config {
        exclude = List.copyOf(exclude);
        disable = List.copyOf(disable);
        severity = Map.copyOf(severity);
        blockingApis = List.copyOf(blockingApis);
        lines = Map.copyOf(lines);
    }

    /** One extra blocking API: qualified names or patterns ({@code pkg.*}, {@code Type.*}) and what the fix says. */
    public record BlockingApi(List<String> names, String kind, String severity, String replacement, List<String> except) {
        public BlockingApi {
            names = List.copyOf(names);
            except = List.copyOf(except);
        }
    }

    /** The folder exclude patterns are relative to. */
    public Path baseDir() {
        Path p = file.toAbsolutePath().getParent();
        return p == null ? Path.of("").toAbsolutePath() : p;
    }

    /** "pyproject.toml:12" for messages about a key (falls back to its table's line). */
    public String where(String key) {
        Integer line = lines.get(key);
        String k = key;
        while (line == null && (k.contains(".") || k.contains("["))) {
            int cut = Math.max(k.lastIndexOf('.'), k.lastIndexOf('['));
            k = k.substring(0, cut);
            line = lines.get(k);
        }
        if (line == null) line = lines.getOrDefault("", 1);
        return file + ":" + line;
    }
}
