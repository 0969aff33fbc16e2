package asyncdoctor.extract;

import asyncdoctor.facts.AttrType;
import asyncdoctor.facts.Call;
import asyncdoctor.facts.ClassDef;
import asyncdoctor.facts.Function;
import asyncdoctor.facts.FunctionAlias;
import asyncdoctor.input.InputFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides which files of a large tree to parse. Parsing everything cannot be fast on two cores, and
 * most files cannot matter: a file with no async code matters only if a function reachable from
 * async code lives in it. So: parse the files that contain async code (the roots), resolve the calls
 * of async functions and of the sync functions they reach, and parse a module only when such a call
 * (or a base class, attribute type or alias) leads into it; repeat until nothing new is needed.
 *
 * <p>Small trees (up to {@link #ALL_FILES_LIMIT} files) and in-memory sources are parsed whole.
 */
public final class Planner {
    public static final int ALL_FILES_LIMIT = 300;
    static final String[] ROOT_MARKERS = {
        "async def", "await ", "async with", "async for", "create_task", "ensure_future", "run_until_complete",
        "asyncio.run(", "run_forever",
    };

    /**
     * What the planner parsed, and what it did (rounds and whether the last run's plan held) for
     * timings and the benchmark. {@code linkerTables}, when not null, are the tables that a linker
     * of the outcome's files would build (the rounds' linker built them; see Linker.tablesForLinking).
     */
    public record Plan(Extraction.Outcome outcome, int rounds, int filesParsed, int filesSeen, boolean reused, Linker.Tables linkerTables) {}

    /**
     * What the last planned run over the same tree parsed (kept by asyncdoctor.cache.PlanCache). Which
     * files the rounds reach depends only on the tree's file list, which files have async code, and
     * a part of the parsed files' facts: their definitions, their calls' resolved names, bases,
     * attribute types and aliases (their {@link #shape}). A rerun where none of that changed (an
     * edit inside a function body, a comment, a new string) parses the same files: it skips the
     * rounds and the walks between them, and parses those files at once.
     */
    public interface Memory {
        /** The content digest this run read for a file (null when unknown). */
        byte[] digest(String display);

        /** The last run's plan, or null. */
        Remembered recall();

        /** Keeps this run's plan for the next run. */
        void remember(Remembered plan);
    }

    /** A plan: the inputs it was made for (see {@link #inputsKey}), its rounds, and the files it parsed, in order. */
    public record Remembered(String inputs, int rounds, List<Parsed> parsed) {}

    /** A parsed file with the digest of its content and of its facts' {@link #shape}. */
    public record Parsed(String display, byte[] digest, byte[] shape) {}

    private Planner() {}

    /**
     * Parses what matters of the inputs and in-memory sources, telling {@code listener} about every
     * file read and parsed (progress, inline suppressions). {@code knownRoots}, when not null, names
     * (by display) the files with async code, found by a caller that already read every file
     * ({@link #isRoot(InputFiles.Input, byte[])}), so they are not read again here. With them, the
     * last run's plan is taken from {@code memory} (when not null) where it still holds.
     */
    public static Plan run(List<InputFiles.Input> inputs, Map<String, String> inline, int threads, boolean onDemand,
                           Extraction.Cache cache, Extraction.Listener listener, Set<String> knownRoots, Memory memory) {
        if (!onDemand || inputs.size() <= ALL_FILES_LIMIT) {
            Extraction.Outcome all = Extraction.run(inputs, inline, threads, cache, listener);
            return new Plan(all, 1, all.files().size(), inputs.size() + inline.size(), false, null);
        }
        Map<String, InputFiles.Input> byModule = new HashMap<>();
        for (InputFiles.Input in : inputs) {
            String name = ModuleNames.moduleName(in.rootRelative());
            byModule.putIfAbsent(name, in);
            // src layouts: imports name `pkg.mod` for src/pkg/mod.py
            int dot = name.indexOf('.');
            if (dot > 0) {
                String first = name.substring(0, dot);
                if (first.equals("src") || first.equals("lib") || first.equals("python")) byModule.putIfAbsent(name.substring(dot + 1), in);
            }
        }
        long tr = asyncdoctor.util.Timings.now();
        List<InputFiles.Input> roots = knownRoots != null
                ? inputs.stream().filter(in -> knownRoots.contains(in.display())).toList() : roots(inputs, threads);
        asyncdoctor.util.Timings.phase("  find files with async code (" + roots.size() + ")", tr);

        // The plan can be remembered only when the files with async code come from the content digests.
        String inputsKey = memory != null && knownRoots != null && inline.isEmpty() ? inputsKey(inputs, knownRoots) : null;
        if (inputsKey != null) {
            long tm = asyncdoctor.util.Timings.now();
            Plan same = reuse(memory, inputsKey, inputs, threads, cache, listener);
            asyncdoctor.util.Timings.phase(same != null ? "  the last run's plan holds" : "  the last run's plan does not hold", tm);
            if (same != null) return same;
        }

        List<FileFacts> parsed = new ArrayList<>();
        List<Diagnostic> diags = new ArrayList<>();
        Set<String> scheduled = new HashSet<>();
        for (InputFiles.Input in : roots) scheduled.add(in.display());
        List<InputFiles.Input> next = roots;
        Map<String, String> inlineLeft = inline;
        Frontier frontier = new Frontier(q -> moduleFile(q, byModule) != null);
        int rounds = 0;
        while (!next.isEmpty() || !inlineLeft.isEmpty()) {
            rounds++;
            long t0 = asyncdoctor.util.Timings.now();
            // Each file is indexed for the frontier as soon as it and those before it are parsed, on
            // this thread while the workers parse on: only the walk itself waits for the whole round.
            Extraction.Outcome o = Extraction.run(next, inlineLeft, threads, cache, listener, frontier::take);
            asyncdoctor.util.Timings.phase("  round " + rounds + ": " + next.size() + " files", t0);
            inlineLeft = Map.of();
            parsed.addAll(o.files());
            diags.addAll(o.diagnostics());
            next = new ArrayList<>();
            for (String module : frontier.reach()) {
                InputFiles.Input in = moduleFile(module, byModule);
                if (in != null && scheduled.add(in.display())) next.add(in);
            }
            next.sort((a, b) -> a.display().compareTo(b.display()));
            asyncdoctor.util.Timings.phase("  round " + rounds + ": what it reaches", t0);
        }
        if (inputsKey != null) remember(memory, inputsKey, rounds, parsed, threads);
        return new Plan(new Extraction.Outcome(parsed, diags), rounds, parsed.size(), inputs.size() + inline.size(), false,
                frontier.linker.tablesForLinking());
    }

    /**
     * The last run's plan, when the tree's file list and files with async code are the same, and each
     * parsed file is unchanged or has the same shape: then the rounds would reach the same files, and
     * they are parsed at once, and the linker's tables collected meanwhile. Null otherwise (the caller
     * plans again).
     */
    private static Plan reuse(Memory memory, String inputsKey, List<InputFiles.Input> inputs, int threads,
                              Extraction.Cache cache, Extraction.Listener listener) {
        Remembered last = memory.recall();
        if (last == null || !last.inputs().equals(inputsKey)) return null;
        Map<String, InputFiles.Input> byDisplay = new HashMap<>();
        for (InputFiles.Input in : inputs) byDisplay.put(in.display(), in);
        List<InputFiles.Input> files = new ArrayList<>();
        List<InputFiles.Input> changed = new ArrayList<>();
        List<Parsed> now = new ArrayList<>();
        Map<String, Parsed> changedBefore = new HashMap<>();
        for (Parsed p : last.parsed()) {
            InputFiles.Input in = byDisplay.get(p.display());
            byte[] digest = memory.digest(p.display());
            if (in == null || digest == null) return null;
            files.add(in);
            now.add(new Parsed(p.display(), digest, p.shape()));
            if (!java.util.Arrays.equals(digest, p.digest())) {
                changed.add(in);
                changedBefore.put(p.display(), p);
            }
        }
        if (!changed.isEmpty()) {
            // The changed files first, without telling the listener (the run below reads them again,
            // then from the facts cache): a file that no longer parses, or has another shape, ends it.
            Extraction.Outcome probe = Extraction.run(changed, Map.of(), threads, cache, null);
            if (probe.files().size() != changed.size()) return null;
            for (FileFacts ff : probe.files()) {
                Parsed before = changedBefore.get(ff.module().id());
                if (before == null || !java.util.Arrays.equals(shape(ff), before.shape())) return null;
            }
        }
        // The linker's tables are collected on this thread while the workers read the files.
        Linker tables = Linker.collecting();
        Extraction.Outcome outcome = Extraction.run(files, Map.of(), threads, cache, listener, ff -> tables.add(List.of(ff)));
        if (!changed.isEmpty()) memory.remember(new Remembered(inputsKey, last.rounds(), now));
        return new Plan(outcome, last.rounds(), outcome.files().size(), inputs.size(), true, tables.tablesForLinking());
    }

    /** Keeps the plan of a run whose files' digests are all known. */
    private static void remember(Memory memory, String inputsKey, int rounds, List<FileFacts> parsed, int threads) {
        List<byte[]> shapes = asyncdoctor.util.Parallel.map(parsed, threads, Planner::shape);
        List<Parsed> out = new ArrayList<>();
        for (int i = 0; i < parsed.size(); i++) {
            String display = parsed.get(i).module().id();
            byte[] digest = memory.digest(display);
            if (digest == null) return;
            out.add(new Parsed(display, digest, shapes.get(i)));
        }
        memory.remember(new Remembered(inputsKey, rounds, out));
    }

    /** The tree's files (display, path from the root) and which of them have async code, as one hash. */
    static String inputsKey(List<InputFiles.Input> inputs, Set<String> roots) {
        ShapeHash h = new ShapeHash();
        for (InputFiles.Input in : inputs) h.add(in.display()).add(in.rootRelative()).add(roots.contains(in.display()) ? "async" : "sync");
        return java.util.HexFormat.of().formatHex(h.digest());
    }

    /**
     * The digest of what the rounds read of a file's facts, in order: the module's name, functions
     * (id, qualified name, enclosing function and class, async, lambda), calls (caller and resolved
     * name), classes and their bases, attribute types and aliases. Not lines, columns or anything else.
     */
    static byte[] shape(FileFacts ff) {
        ShapeHash h = new ShapeHash();
        h.add(ff.module().name());
        for (Object f : ff.facts()) {
            if (f instanceof Call c) {
                if (c.fn() != null && c.resolved() != null) h.tag('c').add(c.fn()).add(c.resolved());
            } else if (f instanceof Function fn) {
                h.tag('f').add(fn.id()).add(fn.qname()).add(fn.parent()).add(fn.className()).add(fn.async() ? "a" : "s").add(fn.lambda() ? "l" : "d");
            } else if (f instanceof ClassDef cd) {
                h.tag('k').add(cd.qname());
                for (String b : cd.bases()) h.add(b);
            } else if (f instanceof AttrType at) {
                h.tag('t').add(at.className()).add(at.attr()).add(at.type());
            } else if (f instanceof FunctionAlias fa) {
                h.tag('a').add(fa.name()).add(fa.target());
            } else if (f instanceof asyncdoctor.facts.ImportAlias ia) {
                h.tag('i').add(ia.alias()).add(ia.target());
            }
        }
        return h.digest();
    }

    /**
     * A 128-bit hash (XXH3, hash4j) of a sequence of strings and tags, for the plan's keys: each is only
     * compared with the same key of the last run, which needs no cryptography (a SHA-256 of the
     * shapes' text cost 0.4 s on the corpus, on every run that plans). Each string goes in with its
     * length and null with a marker of its own, so sequences cannot run together.
     */
    private static final class ShapeHash {
        private final com.dynatrace.hash4j.hashing.HashStream128 h = com.dynatrace.hash4j.hashing.Hashing.xxh3_128().hashStream();

        ShapeHash tag(char t) {
            h.putByte((byte) 1).putChar(t);
            return this;
        }

        ShapeHash add(String s) {
            if (s == null) {
                h.putByte((byte) 2);
            } else {
                // as bytes: the hash stream's own putString reads a char at a time
                byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                h.putByte((byte) 3).putInt(b.length).putBytes(b);
            }
            return this;
        }

        byte[] digest() {
            return h.get().toByteArray();
        }
    }

    /** The files with async code, found in parallel (every file of the tree is read once here). */
    private static List<InputFiles.Input> roots(List<InputFiles.Input> inputs, int threads) {
        List<Boolean> root = asyncdoctor.util.Parallel.map(inputs, threads, Planner::isRoot);
        List<InputFiles.Input> out = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) if (root.get(i)) out.add(inputs.get(i));
        return out;
    }

    /**
     * What is reachable from async code so far, kept across rounds: each round's files are taken one
     * by one as they are parsed ({@link #take}); then {@link #reach} retries the calls that could not
     * be resolved before and walks on from what the new files reach.
     */
    private static final class Frontier {
        private final Linker linker = Linker.incremental();
        private final Map<String, List<Call>> callsOf = new HashMap<>();
        private final Map<String, List<Function>> children = new HashMap<>();
        private final Set<String> reached = new HashSet<>();
        /** Resolved names of reached calls that no file seen so far defines (retried each round). */
        private Set<String> pending = new java.util.LinkedHashSet<>();
        /**
         * The names {@link #reach} has returned: the caller schedules a name's file the first time
         * (or finds none), so a name still pending is not returned again.
         */
        private final Set<String> returned = new HashSet<>();
        private final List<String> pendingNames = new ArrayList<>();
        /** Bases and attribute types per class, wanted once a method of the class is reached. */
        private final Map<String, List<String>> classNames = new HashMap<>();
        private final Set<String> reachedClasses = new HashSet<>();
        /** The async defs of the files taken since the last walk: where it starts. */
        private ArrayDeque<Function> asyncTaken = new ArrayDeque<>();
        /** Whether some file of the tree could define a name (`json.loads` never will). */
        private final java.util.function.Predicate<String> definable;

        Frontier(java.util.function.Predicate<String> definable) {
            Map<String, Boolean> known = new HashMap<>();
            this.definable = q -> known.computeIfAbsent(q, definable::test);
        }

        /**
         * Takes one file of a round, in the round's order (the order is what makes the walk the same
         * on every run): its definitions for the linker, its calls, nested and async defs, class
         * names and aliases. No name is resolved until {@link #reach}.
         */
        void take(FileFacts ff) {
            linker.add(List.of(ff));
            for (Object f : ff.facts()) {
                // instanceof rather than a pattern switch (cheaper type dispatch without the optimizing JIT)
                if (f instanceof Call c) {
                    if (c.fn() != null && c.resolved() != null) callsOf.computeIfAbsent(c.fn(), k -> new ArrayList<>()).add(c);
                } else if (f instanceof Function fn) {
                    if (fn.parent() != null) children.computeIfAbsent(fn.parent(), k -> new ArrayList<>()).add(fn);
                    if (fn.async()) asyncTaken.add(fn);
                } else if (f instanceof ClassDef cd) {
                    classNames.computeIfAbsent(cd.qname(), k -> new ArrayList<>()).addAll(cd.bases());
                } else if (f instanceof AttrType at) {
                    classNames.computeIfAbsent(at.className(), k -> new ArrayList<>()).add(at.type());
                } else if (f instanceof FunctionAlias fa) {
                    pendingNames.add(fa.target());
                }
            }
        }

        /** Walks on from the files taken since the last call; returns the qualified names newly needed and not defined. */
        Set<String> reach() {
            ArrayDeque<Function> queue = asyncTaken;
            asyncTaken = new ArrayDeque<>();
            Set<String> unresolved = new java.util.LinkedHashSet<>();
            for (String name : pending) follow(name, queue, unresolved);
            while (!queue.isEmpty()) {
                Function fn = queue.poll();
                if (!reached.add(fn.id())) continue;
                // A reached method needs its class's bases and attribute types to resolve self.x calls.
                if (fn.className() != null && reachedClasses.add(fn.className())) {
                    pendingNames.addAll(classNames.getOrDefault(fn.className(), List.of()));
                }
                // Lambdas and nested defs inside reachable functions run there too.
                queue.addAll(children.getOrDefault(fn.id(), List.of()));
                for (Call c : callsOf.getOrDefault(fn.id(), List.of())) follow(c.resolved(), queue, unresolved);
            }
            pending = unresolved;
            Set<String> out = new java.util.TreeSet<>();
            for (String name : pending) {
                String c = linker.canonical(name);
                if (returned.add(c)) out.add(c);
            }
            // Names that resolved stay resolved, and names no file of the tree could define never will:
            // only the others are looked at again next round.
            pendingNames.removeIf(q -> !want(q, out));
            return out;
        }

        /** Adds q's canonical name to out when no file seen so far defines it (and it is new); returns whether it is still wanted. */
        private boolean want(String q, Set<String> out) {
            if (q == null) return false;
            String c = linker.canonical(q);
            if (linker.knows(c) || !definable.test(c)) return false;
            if (returned.add(c)) out.add(c);
            return true;
        }

        /** Walks on into the function a call's resolved name leads to, or keeps the name for later rounds. */
        private void follow(String resolved, ArrayDeque<Function> queue, Set<String> unresolved) {
            String target = linker.canonical(resolved);
            Function callee = linker.function(target);
            if (callee != null) {
                if (!callee.async() && !reached.contains(callee.id())) queue.add(callee);
            } else if (!linker.knows(target) && definable.test(target)) {
                unresolved.add(resolved);
            }
        }
    }

    /** The file of the longest module-name prefix of `q` (pkg.mod.Class.method -> pkg/mod.py). */
    static InputFiles.Input moduleFile(String q, Map<String, InputFiles.Input> byModule) {
        String p = q;
        while (true) {
            InputFiles.Input in = byModule.get(p);
            if (in != null) return in;
            int dot = p.lastIndexOf('.');
            if (dot <= 0) return null;
            p = p.substring(0, dot);
        }
    }

    static boolean isRoot(InputFiles.Input in) {
        if (in.display().endsWith(".ipynb")) return true;
        try {
            return hasRootMarker(Files.readAllBytes(in.path()));
        } catch (IOException e) {
            return true; // let extraction report the problem
        }
    }

    /** Whether a file with this content has async code (notebooks always count: top-level await). */
    public static boolean isRoot(InputFiles.Input in, byte[] content) {
        return in.display().endsWith(".ipynb") || hasRootMarker(content);
    }

    /** The length of the shortest marker: the scan looks at windows of this many bytes. */
    private static final int WINDOW;
    /**
     * By the two bytes that end a window: how far the window may move on before a marker could end in
     * it (Wu-Manber's shift table, over the markers' first WINDOW bytes); 0 where one may start there.
     */
    private static final byte[] SHIFT = new byte[1 << 16];
    /** By the same two bytes, where the shift is 0: the markers whose first WINDOW bytes end with them. */
    private static final byte[][][] MARKERS_BY_END = new byte[1 << 16][][];
    static {
        int window = Integer.MAX_VALUE;
        for (String marker : ROOT_MARKERS) window = Math.min(window, marker.length());
        WINDOW = window;
        java.util.Arrays.fill(SHIFT, (byte) (window - 1));
        for (String marker : ROOT_MARKERS) {
            byte[] m = marker.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            for (int end = 1; end < window; end++) {
                int pair = ((m[end - 1] & 0xff) << 8) | (m[end] & 0xff);
                SHIFT[pair] = (byte) Math.min(SHIFT[pair], window - 1 - end);
            }
            int last = ((m[window - 2] & 0xff) << 8) | (m[window - 1] & 0xff);
            byte[][] old = MARKERS_BY_END[last];
            byte[][] grown = old == null ? new byte[1][] : java.util.Arrays.copyOf(old, old.length + 1);
            grown[grown.length - 1] = m;
            MARKERS_BY_END[last] = grown;
        }
    }

    /**
     * Whether the bytes contain one of {@link #ROOT_MARKERS}. Every file of the tree goes through here,
     * most of them without a marker, so the scan skips: it looks at the last two bytes of a window as
     * long as the shortest marker, and moves the window as far as no marker can end inside (up to 5
     * bytes at a time); only where a marker's first bytes may end does it compare. About 2.3 times
     * faster than looking at every byte, without the optimizing JIT (86 against 200 ms on the corpus).
     */
    static boolean hasRootMarker(byte[] b) {
        for (int end = WINDOW - 1; end < b.length; ) {
            int pair = ((b[end - 1] & 0xff) << 8) | (b[end] & 0xff);
            int shift = SHIFT[pair];
            if (shift > 0) {
                end += shift;
                continue;
            }
            int start = end - (WINDOW - 1);
            for (byte[] m : MARKERS_BY_END[pair]) {
                if (start + m.length <= b.length && java.util.Arrays.equals(b, start, start + m.length, m, 0, m.length)) return true;
            }
            end++;
        }
        return false;
    }
}
