package asyncdoctor.snapshot;

import asyncdoctor.extract.FileFacts;
import asyncdoctor.facts.Function;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Maps what a snapshot prints onto the analyzed tree. A snapshot comes from another machine, so its
 * paths are absolute paths of that machine ({@code /srv/app/worker.py}), short names (py-spy prints
 * {@code app/worker.py}) or basenames: a path maps onto the module whose id (its path relative to the
 * working directory) is the longest suffix of it, segment by segment. A partial match (the module
 * {@code src/app/worker.py} for {@code /opt/app/worker.py}) counts when at least the folder and the
 * file agree, or, for a bare file name, when only one module has that name. Interpreter and library
 * paths (/lib/pythonX.Y/, site-packages) are context and map onto nothing.
 */
public final class CodeMap {
    private static final Pattern LIBRARY = Pattern.compile(
            "(^|/)(lib|lib64)/python\\d[^/]*/|(^|/)(site|dist)-packages/|^<frozen |^<string>|^<stdin>|^<sitepkg>/|^<stdlib>/|^<unknown>");
    private static final Pattern SHORT_STDLIB = Pattern.compile("^(asyncio|concurrent|threading\\.py|selectors\\.py|runpy\\.py|socket\\.py|ssl\\.py|queue\\.py|contextlib\\.py)(/|$)");

    private final java.util.LinkedHashSet<String> modules = new java.util.LinkedHashSet<>();
    private final Map<String, Integer> baseNames = new HashMap<>();
    private final Map<String, List<Function>> functions = new HashMap<>();
    private final Map<String, List<Function>> byName = new HashMap<>();
    private final Map<String, String> cache = new HashMap<>();

    /** The analyzed modules and their functions. */
    public CodeMap(List<FileFacts> files) {
        this(files, List.of());
    }

    /**
     * The parsed modules and their functions, plus the ids of input files that were collected but not
     * parsed (large trees are parsed on demand): paths still map onto those, without functions.
     */
    public CodeMap(List<FileFacts> files, List<String> otherModules) {
        for (String id : otherModules) {
            if (modules.contains(id)) continue;
            modules.add(id);
            baseNames.merge(base(id), 1, Integer::sum);
        }
        for (FileFacts ff : files) {
            String id = ff.module().id();
            if (!modules.contains(id)) {
                modules.add(id);
                baseNames.merge(base(id), 1, Integer::sum);
            }
            List<Function> fs = new ArrayList<>();
            for (Object o : ff.facts()) {
                if (o instanceof Function f && !f.lambda()) {
                    fs.add(f);
                    byName.computeIfAbsent(f.name(), k -> new ArrayList<>()).add(f);
                }
            }
            functions.put(id, fs);
        }
    }

    /** An empty map: every path is context. */
    public static CodeMap empty() { return new CodeMap(List.of()); }

    /** The module id a printed path maps onto, or null (outside the tree, or ambiguous). */
    public synchronized String module(String path) {
        if (path == null || path.isBlank()) return null;
        return cache.computeIfAbsent(path, this::resolve);
    }

    private String resolve(String printed) {
        String p = printed.strip().replace('\\', '/');
        for (String prefix : List.of("<cwd>/", "<home>/")) {
            if (p.startsWith(prefix)) p = p.substring(prefix.length());
        }
        if (p.length() > 2 && p.charAt(1) == ':' && Character.isLetter(p.charAt(0))) p = p.substring(2);
        if (LIBRARY.matcher(p).find() || SHORT_STDLIB.matcher(p).find()) {
            // Library code, unless the analyzed tree itself has exactly this path.
            for (String m : modules) if (p.equals(m)) return m;
            return null;
        }
        String[] segs = segments(p);
        if (segs.length == 0) return null;
        String best = null;
        int bestScore = 0;
        boolean tie = false;
        for (String m : modules) {
            String[] ms = segments(m);
            int common = 0;
            while (common < ms.length && common < segs.length
                    && ms[ms.length - 1 - common].equals(segs[segs.length - 1 - common])) common++;
            if (common == 0) continue;
            int score;
            if (common == ms.length) score = 1000 + common;            // the whole module id is a suffix
            else if (common >= 2) score = 100 + common;               // folder and file agree
            else if (baseNames.getOrDefault(base(m), 0) == 1 && !isGeneric(base(m))) score = 1;  // a unique file name
            else continue;
            if (score > bestScore) { best = m; bestScore = score; tie = false; }
            else if (score == bestScore) tie = true;
        }
        return tie ? null : best;
    }

    private static boolean isGeneric(String base) {
        return base.equals("__init__.py") || base.equals("__main__.py");
    }

    private static String[] segments(String p) {
        List<String> out = new ArrayList<>();
        for (String s : p.split("/")) if (!s.isEmpty() && !s.equals(".")) out.add(s);
        return out.toArray(String[]::new);
    }

    private static String base(String id) {
        int i = id.lastIndexOf('/');
        return i < 0 ? id : id.substring(i + 1);
    }

    /** Id of the innermost function of `module` whose body contains `line`, or null. */
    public String functionAt(String module, int line) {
        if (module == null || line <= 0) return null;
        Function best = null;
        for (Function f : functions.getOrDefault(module, List.of())) {
            if (f.line() <= line && line <= f.endLine() && (best == null || f.line() >= best.line())) best = f;
        }
        return best == null ? null : best.id();
    }

    /**
     * Id of the function that `coroutine ... defined at FILE:LINE` names: CPython prints the first line
     * of the code object, which is the first decorator's line for a decorated def.
     */
    public String functionDefinedAt(String module, int line, String name) {
        if (module == null || line <= 0) return null;
        String simple = simpleName(name);
        Function best = null;
        for (Function f : functions.getOrDefault(module, List.of())) {
            if (f.line() < line || f.line() > line + 30) continue;
            if (simple != null && !f.name().equals(simple)) continue;
            if (best == null || f.line() < best.line()) best = f;
        }
        if (best == null && simple == null) return functionAt(module, line);
        return best == null ? null : best.id();
    }

    /** The only function of the tree with this (qualified) name, for formats that print no file; or null. */
    public Function functionNamed(String name) {
        String simple = simpleName(name);
        if (simple == null) return null;
        List<Function> fs = byName.getOrDefault(simple, List.of());
        Function only = null;
        for (Function f : fs) {
            if (name.contains(".") && !f.qname().endsWith("." + name)) continue;
            if (only != null) return null;
            only = f;
        }
        return only;
    }

    /** `Worker.run` -> `run`; `main.<locals>.inner` -> `inner`; null for `<lambda>`-like names. */
    static String simpleName(String name) {
        if (name == null || name.isBlank()) return null;
        String n = name.strip();
        if (n.endsWith("()")) n = n.substring(0, n.length() - 2);
        int i = n.lastIndexOf('.');
        String s = i < 0 ? n : n.substring(i + 1);
        return s.startsWith("<") || s.isEmpty() ? null : s;
    }

    public boolean isEmpty() { return modules.isEmpty(); }

    static String lower(String s) { return s == null ? null : s.toLowerCase(Locale.ROOT); }
}
