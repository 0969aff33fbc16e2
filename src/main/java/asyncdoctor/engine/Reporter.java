package asyncdoctor.engine;

import asyncdoctor.facts.Located;
import asyncdoctor.facts.Reaches;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kie.api.runtime.rule.RuleContext;

/**
 * The one call a finding rule makes in its action (bound in DRL as the global `report`). The rule's
 * name is its id; the texts come from the rule's metadata, filled with the facts named here.
 *
 * <pre>
 * then report.finding(kcontext, $call, Map.of("api", $hit.entry()));
 * then report.finding(kcontext, $call, $reaches, Map.of());
 * </pre>
 */
public final class Reporter {
    /** A finding as a rule emitted it, before texts are rendered. */
    public record Raw(String ruleId, Located at, List<String> chain, Map<String, Object> vars) {}

    private final List<Raw> raws = Collections.synchronizedList(new ArrayList<>());

    public void finding(RuleContext ctx, Located at) {
        finding(ctx, at, (List<String>) null, Map.of());
    }

    public void finding(RuleContext ctx, Located at, Map<String, ?> vars) {
        finding(ctx, at, (List<String>) null, vars);
    }

    /** A finding whose mechanism follows a derived call path. */
    public void finding(RuleContext ctx, Located at, Reaches path, Map<String, ?> vars) {
        finding(ctx, at, path == null ? null : path.path(), vars);
    }

    public void finding(RuleContext ctx, Located at, List<String> chain, Map<String, ?> vars) {
        raws.add(new Raw(ctx.getRule().getName(), at, chain == null ? List.of() : List.copyOf(chain),
                vars == null ? Map.of() : new LinkedHashMap<>(vars)));
    }

    public List<Raw> raws() {
        synchronized (raws) {
            return List.copyOf(raws);
        }
    }
}
