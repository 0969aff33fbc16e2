package asyncdoctor.extract;

import asyncdoctor.facts.ArgRef;
import asyncdoctor.facts.Call;
import asyncdoctor.facts.Function;
import asyncdoctor.facts.Located;
import asyncdoctor.facts.Parameter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which functions' facts the rules need. Every footgun of the KB lives in async code, in sync code
 * that async code calls, or in sync code that drives asyncio itself (creates tasks, runs a loop,
 * calls or returns a coroutine). The facts inside any other function (most of a large tree) can
 * never take part in a finding, and inserting them into the rule session only costs time and
 * memory, so they are left out, and so are those functions' own Function facts (except methods that
 * may override an async method: rules look overriding methods up by name). Class and module-level
 * facts are always kept.
 *
 * <p>A function is in scope when it is async; when one of its calls is an asyncio API (the
 * {@code asyncApi} predicate: a non-blocking catalog entry or an asyncio/anyio/trio name), an async
 * def of the tree, or a sync function of the tree that returns a coroutine; when an in-scope function
 * calls it or passes it as a value (blocking chains, per-item propagation, callbacks); or when it encloses an in-scope function.
 */
public final class AsyncScope {
    private static final String[] ASYNC_LIBRARIES = {"asyncio.", "anyio.", "trio."};

    private final Set<String> inScope = new HashSet<>();
    /** Names of async methods: a sync method of the same name may override one (rules check that). */
    private final Set<String> asyncMethodNames = new HashSet<>();

    private AsyncScope() {}

    /**
     * The facts of one file that the scope walks: its functions, and by function its calls, values
     * and nested defs; and what the file alone says about where the scope starts (found on the
     * worker threads: the walk itself is serial).
     */
    private record FileIndex(Map<String, Function> byId, Map<String, List<Call>> callsOf, Map<String, List<String>> valuesOf,
                             Map<String, List<Function>> children, List<String> asyncMethodNames, List<String> makerRoots,
                             Map<String, List<String>> returnedBy, List<Function> seeds, List<Function> undecided) {
        static FileIndex of(FileFacts ff, Predicate<Call> asyncApi) {
            FileIndex x = new FileIndex(new java.util.LinkedHashMap<>(), new HashMap<>(), new HashMap<>(), new HashMap<>(),
                    new ArrayList<>(), new ArrayList<>(), new HashMap<>(), new ArrayList<>(), new ArrayList<>());
            for (Object f : ff.facts()) {
                if (f instanceof Function fn) {
                    x.byId.put(fn.id(), fn);
                    if (fn.parent() != null) x.children.computeIfAbsent(fn.parent(), k -> new ArrayList<>()).add(fn);
                } else if (f instanceof Call c) {
                    if (c.fn() != null) x.callsOf.computeIfAbsent(c.fn(), k -> new ArrayList<>()).add(c);
                } else if (f instanceof ArgRef a && a.fn() != null && a.resolved() != null) {
                    // functions passed as values (callbacks, thread targets) run too
                    x.valuesOf.computeIfAbsent(a.fn(), k -> new ArrayList<>()).add(a.resolved());
                }
            }
            for (Function fn : x.byId.values()) {
                if (fn.async() && !fn.lambda()) x.makerRoots.add(fn.qname());
                if (fn.async() && fn.className() != null) x.asyncMethodNames.add(fn.name());
                if (fn.async()) {
                    x.seeds.add(fn);
                    continue;
                }
                List<Call> calls = x.callsOf.getOrDefault(fn.id(), List.of());
                if (!fn.lambda()) {
                    for (Call c : calls) {
                        if (!"return".equals(c.usage()) || c.awaited() || c.resolved() == null) continue;
                        if (asyncApi.test(c)) x.makerRoots.add(fn.qname());
                        else x.returnedBy.computeIfAbsent(c.resolved(), k -> new ArrayList<>()).add(fn.qname());
                    }
                }
                boolean drivesAsyncio = false;
                for (Call c : calls) {
                    if (asyncApi.test(c) || startsWithAny(c.resolved())) {
                        drivesAsyncio = true;
                        break;
                    }
                }
                (drivesAsyncio ? x.seeds : x.undecided).add(fn);
            }
            return x;
        }

        /** The undecided functions that call a coroutine maker of the tree: they start the scope too. */
        List<Function> callersOf(Set<String> coroutineMakers) {
            List<Function> out = new ArrayList<>();
            for (Function fn : undecided) {
                for (Call c : callsOf.getOrDefault(fn.id(), List.of())) {
                    if (coroutineMakers.contains(c.resolved())) {
                        out.add(fn);
                        break;
                    }
                }
            }
            return out;
        }
    }

    /**
     * Computes the scope of linked files, indexing them on up to {@code threads} threads. The scope is
     * a closure (which functions are reached, not in what order), so the per-file parts may be
     * gathered in any order.
     */
    public static AsyncScope of(List<FileFacts> files, Predicate<Call> asyncApi, int threads) {
        AsyncScope s = new AsyncScope();
        // Function ids are unique per module, and a function's calls, values and nested defs are in its own file.
        long t0 = asyncdoctor.util.Timings.now();
        List<FileIndex> indexes = asyncdoctor.util.Parallel.map(files, threads, ff -> FileIndex.of(ff, asyncApi));
        asyncdoctor.util.Timings.phase("    scope: files indexed", t0);
        Map<String, FileIndex> byModule = new HashMap<>();
        Map<String, List<Function>> byQname = new HashMap<>();
        // Names whose call makes a coroutine: async defs, then (to a fixpoint) sync defs that return one.
        Set<String> coroutineMakers = new HashSet<>();
        Map<String, List<String>> returnedBy = new HashMap<>();  // callee name -> sync defs returning its call
        ArrayDeque<String> makers = new ArrayDeque<>();
        for (int i = 0; i < files.size(); i++) {
            FileIndex x = indexes.get(i);
            byModule.putIfAbsent(files.get(i).module().id(), x);
            for (Function fn : x.byId().values()) {
                if (!fn.lambda()) byQname.computeIfAbsent(fn.qname(), k -> new ArrayList<>()).add(fn);
            }
            s.asyncMethodNames.addAll(x.asyncMethodNames());
            makers.addAll(x.makerRoots());
            x.returnedBy().forEach((callee, wrappers) -> returnedBy.computeIfAbsent(callee, k -> new ArrayList<>()).addAll(wrappers));
        }
        while (!makers.isEmpty()) {
            String q = makers.poll();
            if (!coroutineMakers.add(q)) continue;
            makers.addAll(returnedBy.getOrDefault(q, List.of()));
        }
        asyncdoctor.util.Timings.phase("    scope: makers", t0);
        List<List<Function>> callers = asyncdoctor.util.Parallel.map(indexes, threads, x -> x.callersOf(coroutineMakers));
        asyncdoctor.util.Timings.phase("    scope: callers", t0);
        ArrayDeque<Function> queue = new ArrayDeque<>();
        for (int i = 0; i < indexes.size(); i++) {
            queue.addAll(indexes.get(i).seeds());
            queue.addAll(callers.get(i));
        }
        while (!queue.isEmpty()) {
            Function fn = queue.poll();
            if (!s.inScope.add(fn.id())) continue;
            FileIndex x = byModule.get(fn.module());
            queue.addAll(x.children().getOrDefault(fn.id(), List.of()));
            if (fn.parent() != null && x.byId().containsKey(fn.parent())) queue.add(x.byId().get(fn.parent()));
            for (Call c : x.callsOf().getOrDefault(fn.id(), List.of())) {
                if (c.resolved() != null) queue.addAll(byQname.getOrDefault(c.resolved(), List.of()));
            }
            for (String v : x.valuesOf().getOrDefault(fn.id(), List.of())) queue.addAll(byQname.getOrDefault(v, List.of()));
        }
        asyncdoctor.util.Timings.phase("    scope: walk", t0);
        return s;
    }

    private static boolean startsWithAny(String resolved) {
        if (resolved == null) return false;
        for (String p : ASYNC_LIBRARIES) if (resolved.startsWith(p)) return true;
        return false;
    }

    public boolean contains(String functionId) {
        return inScope.contains(functionId);
    }

    public int size() {
        return inScope.size();
    }

    /**
     * Whether a fact can matter: it is module-level, an in-scope function or a fact inside one, or a
     * method that may override an async method.
     */
    public boolean keeps(Object fact) {
        if (fact instanceof Function f) {
            return inScope.contains(f.id()) || (f.className() != null && asyncMethodNames.contains(f.name()));
        }
        String fn = fact instanceof Located l ? l.fn() : fact instanceof Parameter p ? p.fn() : null;
        return fn == null || inScope.contains(fn);
    }

    /** The files with only the facts that can matter (warnings and module facts unchanged). */
    public List<FileFacts> narrow(List<FileFacts> files, int threads) {
        return asyncdoctor.util.Parallel.map(files, threads, ff -> {
            List<Object> kept = new ArrayList<>(ff.facts().size());
            for (Object f : ff.facts()) if (keeps(f)) kept.add(f);
            return new FileFacts(ff.module(), kept, ff.warnings(), ff.lines());
        });
    }
}
