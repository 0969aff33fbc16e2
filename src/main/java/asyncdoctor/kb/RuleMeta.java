package asyncdoctor.kb;

import java.util.List;
import java.util.Map;

/**
 * What the KB says about one rule, from the YAML beside its DRL: identity, severity (the consequence
 * when it is right), precision (how often it is right), the symptom classes its mechanism explains,
 * and the texts of its findings (templates with {placeholders}).
 */
public record RuleMeta(String id, String name, String category, String severity, String precision,
                       List<String> symptoms, List<String> aliases, String since, String inTests,
                       String summary, Map<String, String> symptomLink, String mechanism, Map<String, String> fix,
                       Map<String, String> doc, String source) {

    /** The symptom-link template for a class, falling back to `default`. */
    public String symptomLinkFor(String symptomClass) {
        String t = symptomLink.get(symptomClass);
        return t != null ? t : symptomLink.getOrDefault("default", "");
    }

    /**
     * The fix template for a target Python version: `fix` may be one text, or a map from the lowest
     * version a text applies to ("3.11") to the text, with `default` for older versions.
     */
    public String fixFor(String targetVersion) {
        String best = fix.get("default");
        double bestV = -1;
        double target = version(targetVersion);
        for (var e : fix.entrySet()) {
            if (e.getKey().equals("default")) continue;
            double v = version(e.getKey());
            if (v <= target && v > bestV) { bestV = v; best = e.getValue(); }
        }
        return best == null ? "" : best;
    }

    /** "3.11" -> 3.11 as a comparable number (minor versions up to 99). */
    public static double version(String v) {
        if (v == null) return 3.09;
        String[] p = v.replace("py", "").split("\\.");
        try {
            int major = Integer.parseInt(p[0].length() > 1 && p.length == 1 ? p[0].substring(0, 1) : p[0]);
            int minor = p.length > 1 ? Integer.parseInt(p[1]) : (p[0].length() > 1 ? Integer.parseInt(p[0].substring(1)) : 0);
            return major + minor / 100.0;
        } catch (NumberFormatException e) {
            return 3.09;
        }
    }

    public boolean explains(String symptomClass) { return symptoms.contains(symptomClass); }
}
