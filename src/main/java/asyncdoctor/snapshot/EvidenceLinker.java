package asyncdoctor.snapshot;

import asyncdoctor.api.Finding;
import asyncdoctor.engine.FactIndex;
import asyncdoctor.engine.Reporter;
import asyncdoctor.facts.Function;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Attaches runtime evidence to findings, whatever rule family made them.
 *
 * <p>The rules of kb/snapshot/ insert {@link Evidence} facts: "this snapshot line supports findings
 * of categories C at module:line / in function F / in module M / anywhere". After rendering, every
 * finding whose category matches and whose location (its line or a step of its chain) is the place
 * named gets the evidence and a sentence in its Symptom link saying it was confirmed at run time. A
 * finding rule that reports runtime data itself (kb/rules/runtime/) passes the observation ids in
 * its variables under {@code evidence}; its finding gets that evidence, and is dropped when a finding
 * of another rule with the same category is confirmed by the same observation (the static finding
 * already explains it, with its chain and fix).
 */
public final class EvidenceLinker {
    /** Most evidence lines quoted per finding. */
    public static final int MAX_PER_FINDING = 5;

    private EvidenceLinker() {}

    /** The observation ids a finding rule passed under `evidence` (a String, or a collection of them). */
    public static List<String> observations(Reporter.Raw raw) {
        Object v = raw.vars().get("evidence");
        List<String> out = new ArrayList<>();
        if (v instanceof Collection<?> c) c.forEach(x -> { if (x != null) out.add(String.valueOf(x)); });
        else if (v != null) out.add(String.valueOf(v));
        return out;
    }

    /**
     * @param findings  rendered findings
     * @param declared  for findings of runtime rules: the observations they were made from (identity map)
     * @param evidence  the Evidence facts of the run
     * @return the findings with evidence attached, runtime-only duplicates of confirmed findings removed
     */
    public static List<Finding> link(List<Finding> findings, Map<Finding, List<String>> declared, List<Evidence> evidence,
                                     FactIndex index) {
        if (evidence.isEmpty()) return findings;
        Map<Finding, List<Evidence>> matched = new IdentityHashMap<>();
        for (Finding f : findings) {
            List<String> own = declared.getOrDefault(f, List.of());
            List<Evidence> evs = new ArrayList<>();
            for (Evidence e : evidence) {
                if (own.contains(e.observation()) || matches(e, f, index)) evs.add(e);
            }
            matched.put(f, evs);
        }
        // A runtime finding whose observation confirms a static finding of its category is dropped; the
        // static finding keeps the more severe of the two severities (the runtime data removed the doubt
        // that made the static rule cautious).
        Map<Finding, String> severity = new IdentityHashMap<>();
        List<Finding> dropped = new ArrayList<>();
        for (Finding f : findings) {
            List<String> own = declared.get(f);
            if (own == null) continue;
            List<Finding> confirmed = confirmedElsewhere(f, own, findings, declared, matched);
            if (confirmed.isEmpty()) continue;
            dropped.add(f);
            for (Finding s : confirmed) {
                String cur = severity.getOrDefault(s, s.severity());
                if (rank(f.severity()) < rank(cur)) severity.put(s, f.severity());
            }
        }
        List<Finding> out = new ArrayList<>();
        for (Finding f : findings) {
            if (dropped.stream().anyMatch(d -> d == f)) continue;
            Finding g = severity.containsKey(f) ? f.withSeverity(severity.get(f)) : f;
            List<Evidence> evs = matched.get(f);
            // A runtime finding's own text already tells what the snapshot shows; others say they are confirmed.
            List<String> own = declared.getOrDefault(f, List.of());
            boolean say = evs.stream().anyMatch(e -> !own.contains(e.observation()));
            out.add(evs.isEmpty() ? g : attach(g, evs, say));
        }
        return out;
    }

    private static int rank(String severity) {
        return switch (severity) { case "critical" -> 0; case "warning" -> 1; default -> 2; };
    }

    private static List<Finding> confirmedElsewhere(Finding runtime, List<String> own, List<Finding> findings,
                                                    Map<Finding, List<String>> declared, Map<Finding, List<Evidence>> matched) {
        List<Finding> out = new ArrayList<>();
        for (Finding other : findings) {
            if (other == runtime || declared.containsKey(other) || !other.category().equals(runtime.category())) continue;
            for (Evidence e : matched.get(other)) {
                if (own.contains(e.observation())) { out.add(other); break; }
            }
        }
        return out;
    }

    static boolean matches(Evidence e, Finding f, FactIndex index) {
        boolean cat = false;
        for (String c : e.categories()) if (glob(c, f.category())) { cat = true; break; }
        if (!cat) return false;
        if (e.module() == null) return true;
        if (e.line() > 0) {
            // The finding's own line, or the end of its chain (the call it is about).
            if (f.file().equals(e.module()) && f.line() == e.line()) return true;
            if (f.chain().isEmpty()) return false;
            Finding.ChainStep last = f.chain().get(f.chain().size() - 1);
            return last.file().equals(e.module()) && last.line() == e.line();
        }
        if (e.fn() != null) {
            Function fn = index == null ? null : index.function(e.fn());
            if (fn == null) return false;
            if (f.file().equals(fn.module()) && fn.line() <= f.line() && f.line() <= fn.endLine()) return true;
            for (Finding.ChainStep s : f.chain()) {
                if (s.file().equals(fn.module()) && fn.line() <= s.line() && s.line() <= fn.endLine()) return true;
            }
            return false;
        }
        if (f.file().equals(e.module())) return true;
        for (Finding.ChainStep s : f.chain()) if (s.file().equals(e.module())) return true;
        return false;
    }

    private static boolean glob(String pattern, String value) {
        if (!pattern.contains("*")) return pattern.equals(value);
        return Pattern.matches(Pattern.quote(pattern).replace("*", "\\E.*\\Q"), value);
    }

    private static Finding attach(Finding f, List<Evidence> evs, boolean say) {
        Map<String, Evidence> unique = new LinkedHashMap<>();
        List<Evidence> sorted = new ArrayList<>(evs);
        // Evidence pointing at this very line first, then by snapshot position.
        sorted.sort(Comparator.<Evidence>comparingInt(e -> e.module() != null && e.line() == f.line() && e.module().equals(f.file()) ? 0
                        : e.module() != null && e.line() > 0 ? 1 : e.module() != null ? 2 : 3)
                .thenComparing(Evidence::snapshot).thenComparingInt(Evidence::snapLine));
        for (Evidence e : sorted) unique.putIfAbsent(e.snapshot() + ":" + e.snapLine(), e);
        List<Finding.Evidence> out = new ArrayList<>();
        Set<String> notes = new LinkedHashSet<>();
        for (Evidence e : unique.values()) {
            if (out.size() >= MAX_PER_FINDING) break;
            out.add(new Finding.Evidence(e.snapshot(), e.snapLine(), e.text()));
            if (notes.isEmpty() && e.note() != null && !e.note().isBlank()) notes.add(e.note().strip().replaceAll("\\.$", ""));
        }
        // Keep the evidence in snapshot order once chosen.
        out.sort(Comparator.comparing(Finding.Evidence::snapshot).thenComparingInt(Finding.Evidence::line));
        String link = f.symptomLink() == null ? "" : f.symptomLink().strip();
        if (!say) return f.withEvidence(out, link);
        StringBuilder sb = new StringBuilder(link);
        if (!link.isEmpty() && !link.endsWith(".")) sb.append('.');
        if (!sb.isEmpty()) sb.append(' ');
        sb.append("Confirmed at run time").append(notes.isEmpty() ? " by the snapshot" : ": " + String.join("; ", notes));
        Finding.Evidence first = out.get(0);
        sb.append(" (").append(first.snapshot()).append(':').append(first.line());
        if (unique.size() > 1) sb.append(", and ").append(unique.size() - 1).append(" more line").append(unique.size() > 2 ? "s" : "");
        sb.append(").");
        return f.withEvidence(out, sb.toString());
    }
}
