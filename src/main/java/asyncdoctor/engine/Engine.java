package asyncdoctor.engine;

import asyncdoctor.extract.FileFacts;
import asyncdoctor.facts.Call;
import asyncdoctor.facts.CallEdge;
import asyncdoctor.facts.CatalogHit;
import asyncdoctor.facts.SymptomClass;
import asyncdoctor.facts.SymptomCue;
import asyncdoctor.kb.Catalog;
import asyncdoctor.kb.KbException;
import asyncdoctor.kb.KnowledgeBase;
import java.util.ArrayList;
import java.util.List;
import org.kie.api.runtime.KieSession;

/**
 * Puts the facts of the whole analyzed tree into a Drools session per rule group (each group sees
 * every fact; see asyncdoctor.kb.RuleGroups), so rules reason across
 * functions and modules, fires the knowledge base and hands back what the rules reported.
 */
public final class Engine {
    /** What one firing produced. */
    public record Result(List<Reporter.Raw> raws, String symptomClass, List<SymptomCue> cues, List<Object> derived) {}

    private final KnowledgeBase kb;

    public Engine(KnowledgeBase kb) {
        this.kb = kb;
    }

    /** The catalog entry a call hits (by resolved name, else by method name), unless its arguments defuse it. */
    public static Catalog.Entry entryFor(Catalog cat, Call c) {
        Catalog.Entry e = cat.match(c.resolved());
        if (e == null) e = cat.matchMethod(c.callee());
        return e != null && e.defusedBy(c.args(), c.keywordValues()) ? null : e;
    }

    /**
     * Every catalog entry each call of the files hits, by call id, in catalog order. Computed once per
     * run: the async scope asks which calls are asyncio APIs, and the session gets them as CatalogHits.
     * The files are matched on up to {@code threads} threads.
     */
    public static java.util.Map<String, List<CatalogHit>> catalogHits(List<FileFacts> files, java.util.Map<String, Catalog> catalogs,
                                                                      int threads) {
        java.util.Map<String, List<CatalogHit>> hits = new java.util.HashMap<>();
        for (List<CatalogHit> ofFile : asyncdoctor.util.Parallel.map(files, threads, ff -> hitsOf(ff, catalogs))) {
            for (CatalogHit h : ofFile) hits.computeIfAbsent(h.call(), k -> new ArrayList<>(1)).add(h);
        }
        return hits;
    }

    private static List<CatalogHit> hitsOf(FileFacts ff, java.util.Map<String, Catalog> catalogs) {
        List<CatalogHit> out = new ArrayList<>();
        for (Object f : ff.facts()) {
            if (!(f instanceof Call c)) continue;
            for (Catalog cat : catalogs.values()) {
                Catalog.Entry e = entryFor(cat, c);
                if (e != null) out.add(new CatalogHit(c.id(), cat.name(), e.name(), e.kind(), e.severity(), e.replacement()));
            }
        }
        return out;
    }

    /** Whether a call is an asyncio API of the catalogs: it hits any catalog but the blocking one. */
    public static java.util.function.Predicate<Call> asyncApi(java.util.Map<String, List<CatalogHit>> hits) {
        return c -> {
            for (CatalogHit h : hits.getOrDefault(c.id(), List.of())) if (!h.catalog().equals("blocking")) return true;
            return false;
        };
    }

    /**
     * The call graph: one CallEdge per call whose resolved name is a function (not a lambda) of the
     * session's facts. Built here rather than by a rule: it is a plain hash join, and as a base fact
     * rules can look edges up through {@code facts.edge/edgesFrom/edgesTo}.
     */
    static List<CallEdge> callEdges(List<FileFacts> files, FactLookup lookup) {
        List<CallEdge> edges = new ArrayList<>();
        for (FileFacts ff : files) {
            for (Object f : ff.facts()) {
                if (f instanceof Call c && c.fn() != null && c.resolved() != null) {
                    for (asyncdoctor.facts.Function callee : lookup.functionsNamed(c.resolved())) {
                        if (!callee.lambda()) edges.add(new CallEdge(c.id(), c.fn(), callee.id()));
                    }
                }
            }
        }
        return edges;
    }

    /** Whether some pattern of the KB matches facts of a class (per class, computed once). */
    private static java.util.function.Predicate<Class<?>> matchedTypes(KieSession session) {
        var types = ((org.drools.core.impl.InternalRuleBase) session.getKieBase()).getRete()
                .getObjectTypeNodes(org.drools.base.rule.EntryPointId.DEFAULT).keySet();
        java.util.Map<Class<?>, Boolean> byClass = new java.util.HashMap<>();
        return cls -> byClass.computeIfAbsent(cls, c -> types.stream().anyMatch(t -> t.isAssignableFrom(c)));
    }

    private static void daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }

    /** A KB without rules that use a global (an analyst's scratch copy) does not declare it. */
    private static void setGlobal(KieSession session, String name, Object value) {
        if (session.getKieBase().getKiePackages().stream().anyMatch(p -> p.getGlobalVariables().stream().anyMatch(g -> g.getName().equals(name)))) {
            session.setGlobal(name, value);
        }
    }

    /**
     * Fires the KB over the files' facts, the extra facts and these catalog hits (see
     * {@link #catalogHits}: made with the KB's catalogs plus a project's extra blocking APIs from
     * [tool.asyncdoctor] blocking-apis), on up to {@code threads} threads: the KB's rule groups
     * (see {@link asyncdoctor.kb.RuleGroups}) fire in parallel sessions, and the lookup index and
     * the call graph are built beside the inserts. The result is the same as one session's: no group reads what another
     * inserts; findings are merged in group order.
     */
    public Result run(List<FileFacts> files, List<Object> extraFacts, java.util.Map<String, List<CatalogHit>> hits, int threads)
            throws KbException {
        List<org.kie.api.KieBase> bases = kb.ruleBases();
        long ti = asyncdoctor.util.Timings.now();
        FactLookup lookup = new FactLookup();
        // Inserting only queues the facts (Drools propagates them when firing starts) and no lookup
        // is asked before then, so the index, and the call graph from it, can be built on another
        // thread meanwhile.
        java.util.function.Supplier<List<CallEdge>> index = () -> {
            for (FileFacts ff : files) for (Object f : ff.facts()) lookup.add(f);
            List<CallEdge> edges = callEdges(files, lookup);
            for (CallEdge e : edges) lookup.add(e);
            return edges;
        };
        java.util.concurrent.CompletableFuture<List<CallEdge>> indexed = threads > 1
                ? java.util.concurrent.CompletableFuture.supplyAsync(index, r -> daemon(r, "asyncdoctor-lookup"))
                : java.util.concurrent.CompletableFuture.completedFuture(index.get());
        List<Integer> groups = java.util.stream.IntStream.range(0, bases.size()).boxed().toList();
        List<Result> results = asyncdoctor.util.Parallel.map(groups, threads, 2, g ->
                fire(bases.get(g), bases.size() == 1 ? "" : " (group " + (g + 1) + ")", files, extraFacts, hits, lookup, indexed, ti));
        List<Reporter.Raw> raws = new ArrayList<>();
        String cls = "unknown";
        List<SymptomCue> cues = new ArrayList<>();
        List<Object> derived = new ArrayList<>();
        for (Result r : results) {
            raws.addAll(r.raws());
            if (!r.symptomClass().equals("unknown")) cls = r.symptomClass();
            cues.addAll(r.cues());
            derived.addAll(r.derived());
        }
        return new Result(raws, cls, cues, derived);
    }

    /** One session of one rule group: inserts the facts its patterns match, fires, collects. */
    private static Result fire(org.kie.api.KieBase base, String name, List<FileFacts> files, List<Object> extraFacts,
                               java.util.Map<String, List<CatalogHit>> hits, FactLookup lookup,
                               java.util.concurrent.CompletableFuture<List<CallEdge>> indexed, long ti) {
        KieSession session = base.newKieSession();
        Reporter reporter = new Reporter();
        try {
            setGlobal(session, "report", reporter);
            setGlobal(session, "facts", lookup);
            java.util.function.Predicate<Class<?>> matched = matchedTypes(session);
            boolean hitsMatched = matched.test(CatalogHit.class);
            int skipped = 0;
            for (FileFacts ff : files) {
                for (Object f : ff.facts()) {
                    // A fact no pattern matches by type is only ever reached through `facts` lookups.
                    if (matched.test(f.getClass())) session.insert(f);
                    else skipped++;
                    if (hitsMatched && f instanceof Call c) for (CatalogHit h : hits.getOrDefault(c.id(), List.of())) session.insert(h);
                }
            }
            // the call graph comes with the lookup index
            if (matched.test(CallEdge.class)) for (CallEdge e : indexed.join()) session.insert(e);
            for (Object f : extraFacts) if (matched.test(f.getClass())) session.insert(f);
            indexed.join(); // rules call `facts` lookups while firing, whether or not they match CallEdges
            asyncdoctor.util.Timings.phase("  insert" + name, ti);
            asyncdoctor.util.Timings.note("  facts in session" + name + ": " + session.getFactCount() + " (" + skipped
                    + " no pattern matches, for lookups only)");
            if (asyncdoctor.util.Timings.on()) {
                java.util.Map<String, Integer> byType = new java.util.TreeMap<>();
                for (Object o : session.getObjects()) byType.merge(o.getClass().getSimpleName(), 1, Integer::sum);
                asyncdoctor.util.Timings.note("  facts by type" + name + ": " + byType);
            }
            long tf = asyncdoctor.util.Timings.now();
            RuleProfile profile = RuleProfile.attachIfRequested(session);
            if (profile != null) profile.firing();
            session.fireAllRules();
            synchronized (Engine.class) {
                if (profile != null) profile.print();
                RuleProfile.printJoinMemories(session);
            }
            asyncdoctor.util.Timings.phase("  fire" + name, tf);
            String cls = "unknown";
            List<SymptomCue> cues = new ArrayList<>();
            List<Object> derived = new ArrayList<>();
            for (Object o : session.getObjects()) {
                if (o instanceof SymptomClass sc) cls = sc.value();
                else if (o instanceof SymptomCue cue) cues.add(cue);
                else if (o.getClass().getPackageName().equals("asyncdoctor.snapshot") || o instanceof asyncdoctor.facts.Reaches) derived.add(o);
            }
            return new Result(reporter.raws(), cls, cues, derived);
        } finally {
            session.dispose();
        }
    }
}
