package asyncdoctor.engine;

import java.util.HashMap;
import java.util.Map;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.event.rule.MatchCreatedEvent;
import org.kie.api.runtime.KieSession;

/**
 * Per-rule counts for analysts tuning slow rules (-Dasyncdoctor.profile=true): matches created,
 * matches fired and time spent in consequences, printed to stderr after firing. A rule that creates
 * far more matches than it fires is usually a cross product that a tighter join would avoid.
 * "eval ms" approximates the time the engine spent evaluating a rule's conditions: the engine
 * evaluates a rule's network just before firing its matches, so the time since the previous
 * consequence ended is charged to the rule that fires next (rules that match nothing are charged to
 * the next rule that fires).
 */
final class RuleProfile extends DefaultAgendaEventListener {
    private final Map<String, long[]> stats = new HashMap<>();
    private long started;
    /** When the last consequence ended (or firing began). */
    private long lastEnded = System.nanoTime();

    static RuleProfile attachIfRequested(KieSession session) {
        if (!Boolean.getBoolean("asyncdoctor.profile")) return null;
        RuleProfile p = new RuleProfile();
        session.addEventListener(p);
        return p;
    }

    private long[] of(String rule) { return stats.computeIfAbsent(rule, k -> new long[4]); }

    @Override public void matchCreated(MatchCreatedEvent e) { of(e.getMatch().getRule().getName())[0]++; }

    @Override
    public void beforeMatchFired(BeforeMatchFiredEvent e) {
        started = System.nanoTime();
        of(e.getMatch().getRule().getName())[3] += started - lastEnded;
    }

    @Override
    public void afterMatchFired(AfterMatchFiredEvent e) {
        long[] s = of(e.getMatch().getRule().getName());
        s[1]++;
        lastEnded = System.nanoTime();
        s[2] += lastEnded - started;
    }

    /** Starts the clock for "eval ms" (call right before firing). */
    void firing() { lastEnded = System.nanoTime(); }

    /**
     * Tuples held in the join memories of each rule after firing: the engine's work is mostly
     * inserting into these memories, so a rule whose joins hold hundreds of thousands of tuples is
     * the one to tighten (a more selective first pattern, or a constraint on the big fact type).
     * Memories shared between rules are counted for each rule.
     */
    static void printJoinMemories(KieSession session) {
        if (!Boolean.getBoolean("asyncdoctor.profile")) return;
        var evaluator = (org.drools.core.common.ReteEvaluator) session;
        var base = (org.drools.core.impl.InternalRuleBase) session.getKieBase();
        Map<String, long[]> perRule = new HashMap<>();
        java.util.Set<Object> all = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        long[] total = new long[2];
        Map<String, Long> byType = new java.util.TreeMap<>();
        Map<Object, String> typeOf = new java.util.IdentityHashMap<>();
        base.getRete().getObjectTypeNodes(org.drools.base.rule.EntryPointId.DEFAULT).forEach((t, otn) -> typeOf.put(otn, t.getClassName()));
        for (var e : base.getReteooBuilder().getTerminalNodes().entrySet()) {
            java.util.Set<Object> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            long[] sum = new long[2];
            java.util.ArrayDeque<org.drools.core.reteoo.LeftTupleSource> todo = new java.util.ArrayDeque<>();
            for (var tn : e.getValue()) if (tn.getLeftTupleSource() != null) todo.add(tn.getLeftTupleSource());
            while (!todo.isEmpty()) {
                var node = todo.poll();
                if (node == null || !seen.add(node)) continue;
                if (node instanceof org.drools.core.reteoo.BetaNode b) {
                    var mem = org.drools.core.reteoo.RightInputAdapterNode.getBetaMemoryFromRightInput(b, evaluator);
                    long l = mem.getLeftTupleMemory() == null ? 0 : mem.getLeftTupleMemory().size();
                    long r = mem.getRightTupleMemory() == null ? 0 : mem.getRightTupleMemory().size();
                    sum[0] += l;
                    sum[1] += r;
                    if (all.add(b)) {
                        total[0] += l;
                        total[1] += r;
                        Object src = b.getRightInput().getParent();
                        while (src instanceof org.drools.core.reteoo.AlphaNode a) src = a.getParent();
                        String type = typeOf.getOrDefault(src, "subnetwork");
                        byType.merge(type.substring(type.lastIndexOf('.') + 1), r, Long::sum);
                    }
                    if (b.getRightInput().getParent() instanceof org.drools.core.reteoo.TupleToObjectNode sub && sub.getLeftTupleSource() != null) todo.add(sub.getLeftTupleSource());
                }
                if (node.getLeftTupleSource() != null) todo.add(node.getLeftTupleSource());
            }
            perRule.put(e.getKey(), sum);
        }
        System.err.printf("profile: join memories: %d nodes, %d left tuples, %d right tuples%n", all.size(), total[0], total[1]);
        System.err.println("profile: right tuples by fact type: " + byType);
        System.err.println("profile: rule                                                      left tuples  right tuples");
        perRule.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[0] + b.getValue()[1], a.getValue()[0] + a.getValue()[1]))
                .limit(40).forEach(e -> System.err.printf("profile: %-60s %11d %13d%n", e.getKey(), e.getValue()[0], e.getValue()[1]));
    }

    void print() {
        System.err.println("profile: rule                                                      created    fired  rhs ms  eval ms");
        stats.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[3], a.getValue()[3])).limit(30).forEach(e ->
                System.err.printf("profile: %-60s %8d %8d %7.0f %8.0f%n", e.getKey(), e.getValue()[0], e.getValue()[1], e.getValue()[2] / 1e6,
                        e.getValue()[3] / 1e6));
    }
}
