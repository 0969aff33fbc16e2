package asyncdoctor.input;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.ignore.FastIgnoreRule;
import org.eclipse.jgit.ignore.IgnoreNode;

/**
 * Patterns in .gitignore syntax (JGit's matcher), anchored at a base folder: one .gitignore file,
 * .git/info/exclude, or a list of exclude globs from the command line or the configuration.
 *
 * <p>Semantics are git's: a pattern without a slash ({@code *.py}, {@code migrations}) matches a name
 * at any depth below the base; a pattern with a slash ({@code /build}, {@code src/gen/**}) is
 * relative to the base; a trailing slash matches folders only; {@code !pattern} re-includes; the last
 * matching pattern wins.
 */
public final class IgnoreRules {
    private final Path base;
    private final IgnoreNode node;
    private final String origin;

    private IgnoreRules(Path base, IgnoreNode node, String origin) {
        this.base = base.toAbsolutePath().normalize();
        this.node = node;
        this.origin = origin;
    }

    /** Exclude globs anchored at {@code base}; {@code origin} names where they came from. */
    public static IgnoreRules of(Path base, List<String> patterns, String origin) {
        List<FastIgnoreRule> rules = new ArrayList<>();
        for (String p : patterns) {
            String t = p.strip();
            if (t.startsWith("./")) t = t.substring(1);
            if (!t.isEmpty()) rules.add(new FastIgnoreRule(t));
        }
        return new IgnoreRules(base, new IgnoreNode(rules), origin);
    }

    /** The rules of an ignore file (.gitignore, .git/info/exclude) anchored at {@code base}; null when absent or empty. */
    public static IgnoreRules read(Path file, Path base) {
        if (!Files.isRegularFile(file)) return null;
        try {
            IgnoreNode n = new IgnoreNode();
            n.parse(file.toString(), new ByteArrayInputStream(Files.readAllBytes(file)));
            return n.getRules().isEmpty() ? null : new IgnoreRules(base, n, file.toString());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    public Path base() { return base; }

    public String origin() { return origin; }

    /**
     * TRUE when a pattern ignores the path, FALSE when a negated pattern re-includes it, null when no
     * pattern speaks about it. Paths outside the base are matched by their path below {@code fallbackBase}.
     */
    public Boolean check(Path absolute, boolean directory, Path fallbackBase) {
        String rel = relative(absolute, fallbackBase);
        if (rel == null || rel.isEmpty()) return null;
        return node.checkIgnored(rel, directory);
    }

    /** True when the path or any folder between the base and it is ignored (for paths named explicitly). */
    public boolean excludesWithParents(Path absolute, Path fallbackBase) {
        String rel = relative(absolute, fallbackBase);
        if (rel == null || rel.isEmpty()) return false;
        String[] parts = rel.split("/");
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) prefix.append('/');
            prefix.append(parts[i]);
            Boolean r = node.checkIgnored(prefix.toString(), i < parts.length - 1);
            if (Boolean.TRUE.equals(r)) return true;
        }
        return false;
    }

    private String relative(Path absolute, Path fallbackBase) {
        Path p = absolute.toAbsolutePath().normalize();
        Path b = p.startsWith(base) ? base : fallbackBase == null ? null : fallbackBase.toAbsolutePath().normalize();
        if (b == null || !p.startsWith(b)) {
            Path name = p.getFileName();
            return name == null ? null : name.toString();
        }
        return b.relativize(p).toString().replace('\\', '/');
    }
}
