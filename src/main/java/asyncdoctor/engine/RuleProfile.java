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
 */
final class RuleProfile extends DefaultAgendaEventListener {
    private final Map<String, long[]> stats = new HashMap<>();
    private long started;

    static RuleProfile attachIfRequested(KieSession session) {
        if (!Boolean.getBoolean("asyncdoctor.profile")) return null;
        RuleProfile p = new RuleProfile();
        session.addEventListener(p);
        return p;
    }

    private long[] of(String rule) { return stats.computeIfAbsent(rule, k -> new long[3]); }

    @Override public void matchCreated(MatchCreatedEvent e) { of(e.getMatch().getRule().getName())[0]++; }

    @Override public void beforeMatchFired(BeforeMatchFiredEvent e) { started = System.nanoTime(); }

    @Override
    public void afterMatchFired(AfterMatchFiredEvent e) {
        long[] s = of(e.getMatch().getRule().getName());
        s[1]++;
        s[2] += System.nanoTime() - started;
    }

    void print() {
        System.err.println("profile: rule                                                      created    fired  rhs ms");
        stats.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0])).limit(25).forEach(e ->
                System.err.printf("profile: %-60s %8d %8d %7.0f%n", e.getKey(), e.getValue()[0], e.getValue()[1], e.getValue()[2] / 1e6));
    }
}
