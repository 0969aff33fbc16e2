package asyncdoctor.kb;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads `rules:` lists from kb/rules/**.yaml into {@link RuleMeta}, rejecting unknown values. */
final class RuleMetaReader {
    static final List<String> PRECISIONS = List.of("very-high", "high", "medium", "low");
    static final List<String> IN_TESTS = List.of("skip", "lower", "keep");

    private RuleMetaReader() {}

    static List<RuleMeta> read(JsonNode doc, String file) {
        List<RuleMeta> out = new ArrayList<>();
        JsonNode list = doc.get("rules");
        if (list == null || !list.isArray()) throw new IllegalArgumentException(file + ":1:1: expected a `rules:` list");
        String category = text(doc, "category", null);
        for (JsonNode r : list) {
            String id = text(r, "id", null);
            if (id == null) throw new IllegalArgumentException(file + ":1:1: a rule without `id`");
            String cat = text(r, "category", category);
            if (cat == null) throw new IllegalArgumentException(file + ":1:1: rule " + id + " has no category");
            String severity = text(r, "severity", "warning");
            if (!KnowledgeBase.SEVERITIES.contains(severity))
                throw new IllegalArgumentException(file + ":1:1: rule " + id + ": severity must be one of " + KnowledgeBase.SEVERITIES);
            String precision = text(r, "precision", "medium");
            if (!PRECISIONS.contains(precision))
                throw new IllegalArgumentException(file + ":1:1: rule " + id + ": precision must be one of " + PRECISIONS);
            List<String> symptoms = strings(r.get("symptoms"));
            for (String s : symptoms) {
                if (!KnowledgeBase.SYMPTOM_CLASSES.contains(s))
                    throw new IllegalArgumentException(file + ":1:1: rule " + id + ": unknown symptom class " + s);
            }
            String inTests = text(r, "in-tests", "lower");
            if (!IN_TESTS.contains(inTests))
                throw new IllegalArgumentException(file + ":1:1: rule " + id + ": in-tests must be one of " + IN_TESTS);
            Map<String, String> links = new LinkedHashMap<>();
            JsonNode sl = r.get("symptom-link");
            if (sl != null && sl.isObject()) sl.properties().forEach(e -> links.put(e.getKey(), e.getValue().asText()));
            else if (sl != null) links.put("default", sl.asText());
            Map<String, String> docs = new LinkedHashMap<>();
            JsonNode d = r.get("doc");
            if (d != null && d.isObject()) d.properties().forEach(e -> docs.put(e.getKey(), e.getValue().asText()));
            Map<String, String> fixes = new LinkedHashMap<>();
            JsonNode fx = r.get("fix");
            if (fx != null && fx.isObject()) fx.properties().forEach(e -> fixes.put(e.getKey(), e.getValue().asText()));
            else if (fx != null) fixes.put("default", fx.asText());
            out.add(new RuleMeta(id, text(r, "name", id), cat, severity, precision, List.copyOf(symptoms),
                    List.copyOf(strings(r.get("aliases"))), text(r, "since", "0.1.0"), inTests, text(r, "summary", ""),
                    Map.copyOf(links), text(r, "mechanism", ""), Map.copyOf(fixes), Map.copyOf(docs), file));
        }
        return out;
    }

    static String text(JsonNode n, String field, String dflt) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? dflt : v.asText();
    }

    static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n == null) return out;
        if (n.isArray()) n.forEach(x -> out.add(x.asText()));
        else out.add(n.asText());
        return out;
    }
}
