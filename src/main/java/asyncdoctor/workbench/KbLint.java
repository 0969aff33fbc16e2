package asyncdoctor.workbench;

import asyncdoctor.api.Analyzer;
import asyncdoctor.kb.KbException;
import asyncdoctor.kb.KnowledgeBase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * `kb lint`: rules about rules. For every rule in kb/rules/**.yaml:
 * <ul>
 *   <li>ids and aliases are unique (an alias is no other rule's id or alias);</li>
 *   <li>the required metadata is present with allowed values: id (AD123 style), name and category
 *       (kebab-case), severity, precision, symptoms (known classes), in-tests, since (x.y.z),
 *       summary, symptom-link (with a `default` when it is a map), mechanism, fix (with a `default`
 *       when it is a map);</li>
 *   <li>docs are present: doc.what and doc.why (doc.example / doc.instead are recommended);</li>
 *   <li>metadata and DRL agree: each id names a DRL rule, each rule under rules/ that reports a
 *       finding has metadata;</li>
 *   <li>the annotated examples show each rule at least once firing (an {@code # expect} met by a
 *       finding of the rule) and once staying quiet (an {@code # ok} naming the rule id, or its
 *       category, that held).</li>
 * </ul>
 * Unknown metadata keys and missing recommended docs are warnings; the rest are errors.
 */
public final class KbLint {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final List<String> REQUIRED = List.of("id", "name", "severity", "precision", "symptoms", "since", "summary",
            "symptom-link", "mechanism", "fix", "doc");
    static final List<String> KNOWN = List.of("id", "name", "category", "severity", "precision", "symptoms", "aliases",
            "since", "in-tests", "summary", "symptom-link", "mechanism", "fix", "doc");
    static final List<String> PRECISIONS = List.of("very-high", "high", "medium", "low");
    static final List<String> IN_TESTS = List.of("skip", "lower", "keep");
    private static final Pattern ID = Pattern.compile("[A-Z]{2,}[0-9]{3,}");
    private static final Pattern SLUG = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern SEMVER = Pattern.compile("\\d+\\.\\d+\\.\\d+");
    private static final Pattern DRL_RULE = Pattern.compile("(?m)^\\s*rule\\s+\"([^\"]+)\"");

    /** One problem: `file:line: error|warning: message` (line 0: the whole file; line -1: `file` is a loader message as is). */
    public record Problem(String level, String file, int line, String message) {
        @Override
        public String toString() {
            if (line < 0) return file;
            return file + (line > 0 ? ":" + line : "") + ": " + level + ": " + message;
        }
    }

    /**
     * What lint found, and how much it looked at.
     *
     * @param groups the KB's rule groups (empty when it does not load), which `kb lint` prints
     */
    public record Result(List<Problem> problems, int rules, int examples, List<List<String>> groups) {
        public long errors() { return problems.stream().filter(p -> p.level().equals("error")).count(); }
    }

    private KbLint() {}

    public static Result run(Path kbDir, String display) {
        List<Problem> problems = new ArrayList<>();
        KnowledgeBase kb;
        try {
            kb = KnowledgeBase.load(kbDir, display);
            kb.ruleBases();
        } catch (KbException e) {
            for (String m : e.messages()) problems.add(new Problem("error", m, -1, m));
            return new Result(fix(problems), 0, 0, List.of());
        }
        String root = display.endsWith("/") ? display : display + "/";

        // 1. Metadata, read raw so missing keys are seen (the loader fills defaults).
        Map<String, String> idFile = new TreeMap<>();
        Map<String, String> idCategory = new HashMap<>();
        Map<String, String> aliasOf = new HashMap<>();
        for (var f : kb.files().entrySet()) {
            String rel = f.getKey();
            if (!rel.startsWith("rules/") || !(rel.endsWith(".yaml") || rel.endsWith(".yml"))) continue;
            String file = root + rel;
            String text = f.getValue();
            JsonNode doc;
            try {
                doc = YAML.readTree(text);
            } catch (IOException e) {
                continue; // the loader already rejected it
            }
            if (doc == null || !doc.has("rules")) continue;
            String fileCategory = doc.path("category").asText(null);
            for (JsonNode r : doc.get("rules")) {
                String id = r.path("id").asText("");
                Lines lines = new Lines(text, id);
                if (!ID.matcher(id).matches()) problems.add(new Problem("error", file, lines.of("id"), "rule id '" + id + "' is not like AD123"));
                if (idFile.containsKey(id)) problems.add(new Problem("error", file, lines.of("id"), "duplicate rule id " + id + " (also in " + idFile.get(id) + ")"));
                idFile.putIfAbsent(id, file);
                for (String key : REQUIRED) {
                    if (!r.has(key) || r.get(key).isNull() || (r.get(key).isTextual() && r.get(key).asText().isBlank())) {
                        problems.add(new Problem("error", file, lines.of("id"), id + ": required `" + key + "` is missing"));
                    }
                }
                r.fieldNames().forEachRemaining(k -> {
                    if (!KNOWN.contains(k)) problems.add(new Problem("warning", file, lines.of(k), id + ": unknown key `" + k + "`"));
                });
                String category = r.path("category").asText(fileCategory);
                if (category == null) problems.add(new Problem("error", file, lines.of("id"), id + ": no `category` (on the rule or the file)"));
                else if (!SLUG.matcher(category).matches()) problems.add(new Problem("error", file, lines.of("category"), id + ": category '" + category + "' is not kebab-case"));
                idCategory.put(id, category);
                String name = r.path("name").asText("");
                if (!name.isEmpty() && !SLUG.matcher(name).matches()) problems.add(new Problem("error", file, lines.of("name"), id + ": name '" + name + "' is not kebab-case"));
                allowed(r, "severity", KnowledgeBase.SEVERITIES, id, file, lines, problems);
                allowed(r, "precision", PRECISIONS, id, file, lines, problems);
                allowed(r, "in-tests", IN_TESTS, id, file, lines, problems);
                for (JsonNode s : r.path("symptoms")) {
                    if (!KnowledgeBase.SYMPTOM_CLASSES.contains(s.asText())) {
                        problems.add(new Problem("error", file, lines.of("symptoms"), id + ": unknown symptom class '" + s.asText() + "' (allowed: " + KnowledgeBase.SYMPTOM_CLASSES + ")"));
                    }
                }
                if (r.has("symptoms") && r.get("symptoms").isArray() && r.get("symptoms").isEmpty()) {
                    problems.add(new Problem("error", file, lines.of("symptoms"), id + ": `symptoms` lists no symptom class the rule explains"));
                }
                if (r.has("since") && !SEMVER.matcher(r.path("since").asText()).matches()) {
                    problems.add(new Problem("error", file, lines.of("since"), id + ": since '" + r.path("since").asText() + "' is not a version like 0.1.0"));
                }
                for (String k : List.of("symptom-link", "fix")) {
                    JsonNode v = r.get(k);
                    if (v != null && v.isObject() && !v.has("default")) {
                        problems.add(new Problem("error", file, lines.of(k), id + ": `" + k + "` has no `default` text"));
                    }
                }
                JsonNode d = r.get("doc");
                if (d != null && d.isObject()) {
                    for (String k : List.of("what", "why")) {
                        if (d.path(k).asText("").isBlank()) problems.add(new Problem("error", file, lines.of("doc"), id + ": doc." + k + " is missing"));
                    }
                    for (String k : List.of("example", "instead")) {
                        if (d.path(k).asText("").isBlank()) problems.add(new Problem("warning", file, lines.of("doc"), id + ": doc." + k + " is recommended"));
                    }
                }
                for (JsonNode a : r.path("aliases")) {
                    String alias = a.asText();
                    String other = aliasOf.put(alias, id);
                    if (other != null) problems.add(new Problem("error", file, lines.of("aliases"), id + ": alias " + alias + " is also an alias of " + other));
                }
            }
        }
        for (var a : aliasOf.entrySet()) {
            if (idFile.containsKey(a.getKey())) {
                problems.add(new Problem("error", idFile.get(a.getValue()), 1, a.getValue() + ": alias " + a.getKey() + " is the id of another rule"));
            }
        }

        // 2. Metadata and DRL agree.
        Set<String> drlRules = new HashSet<>();
        for (var f : kb.files().entrySet()) {
            if (!f.getKey().endsWith(".drl")) continue;
            String text = f.getValue();
            Matcher m = DRL_RULE.matcher(text);
            List<int[]> starts = new ArrayList<>();
            List<String> names = new ArrayList<>();
            while (m.find()) {
                starts.add(new int[] {m.start()});
                names.add(m.group(1));
            }
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                drlRules.add(name);
                int from = starts.get(i)[0];
                int to = i + 1 < starts.size() ? starts.get(i + 1)[0] : text.length();
                boolean reports = text.substring(from, to).contains("report.finding");
                if (f.getKey().startsWith("rules/") && reports && kb.rule(name) == null) {
                    int line = text.substring(0, from).split("\n", -1).length;
                    problems.add(new Problem("error", root + f.getKey(), line, "rule \"" + name + "\" reports findings but has no metadata (id " + name + " in a rules/**.yaml)"));
                }
            }
        }
        // 2a. Measured costs (kb/costs.yaml) of DRL files that are gone: the groups fall back to rule counts for their successors.
        if (kb.files().containsKey("costs.yaml")) {
            for (String costed : kb.costedFiles()) {
                if (!kb.files().containsKey(costed)) {
                    problems.add(new Problem("warning", root + "costs.yaml", KnowledgeBase.lineOfKey(kb.files().get("costs.yaml"), costed),
                            costed + " is not a DRL file of this KB (measure again: python3 src/bench/rule_costs.py)"));
                }
            }
        }
        // 2b. Joins that hold every base fact of a type in a memory: a lookup does the same for less.
        for (var f : kb.files().entrySet()) {
            if (f.getKey().endsWith(".drl")) slowJoins(root + f.getKey(), f.getValue(), problems);
        }
        for (var e : idFile.entrySet()) {
            if (!drlRules.contains(e.getKey())) {
                problems.add(new Problem("error", e.getValue(), new Lines(kb.files().get(e.getValue().substring(root.length())), e.getKey()).of("id"),
                        e.getKey() + ": no DRL rule is named \"" + e.getKey() + "\""));
            }
        }

        // 3. Examples: one firing and one quiet per rule.
        Set<String> positives = new HashSet<>();
        Set<String> negatives = new HashSet<>();
        int examples = 0;
        try {
            Analyzer analyzer = new Analyzer(kb);
            for (ExampleRunner.Case c : ExampleRunner.cases(kbDir)) {
                examples++;
                ExampleRunner.Outcome o = ExampleRunner.run(analyzer, c);
                positives.addAll(o.positives());
                negatives.addAll(o.negatives());
                if (!o.passed()) problems.add(new Problem("error", root + c.name(), 0, "example fails (see `asyncdoctor kb test`): " + o.failures().get(0)));
            }
        } catch (IOException e) {
            problems.add(new Problem("error", root + "rules", 0, "cannot read the examples: " + e.getMessage()));
        }
        for (var e : idFile.entrySet()) {
            String id = e.getKey();
            int line = new Lines(kb.files().get(e.getValue().substring(root.length())), id).of("id");
            if (!positives.contains(id)) {
                problems.add(new Problem("error", e.getValue(), line, id + ": no example shows it firing (a line with `# expect: "
                        + idCategory.get(id) + "` or `# expect: " + id + "` where this rule reports)"));
            }
            if (!negatives.contains(id) && !negatives.contains(idCategory.get(id))) {
                problems.add(new Problem("error", e.getValue(), line, id + ": no example shows it staying quiet (a line with `# ok: "
                        + idCategory.get(id) + "` or `# ok: " + id + "`)"));
            }
        }
        return new Result(fix(problems), idFile.size(), examples, kb.groups());
    }

    private static void allowed(JsonNode r, String key, List<String> values, String id, String file, Lines lines, List<Problem> out) {
        JsonNode v = r.get(key);
        if (v != null && !values.contains(v.asText())) {
            out.add(new Problem("error", file, lines.of(key), id + ": " + key + " '" + v.asText() + "' is not one of " + values));
        }
    }

    private static List<Problem> fix(List<Problem> ps) {
        List<Problem> out = new ArrayList<>(ps);
        out.sort((a, b) -> a.file().equals(b.file()) ? Integer.compare(a.line(), b.line()) : a.file().compareTo(b.file()));
        return List.copyOf(out);
    }

    /** Lines of one rule's block in a YAML file: from its `id:` to the next rule's. */
    private static final class Lines {
        private final String[] lines;
        private int from = -1, to;

        Lines(String text, String id) {
            lines = text == null ? new String[0] : text.split("\n", -1);
            to = lines.length;
            Pattern idLine = Pattern.compile("^\\s*-?\\s*id:\\s*[\"']?" + Pattern.quote(id) + "[\"']?\\s*(#.*)?$");
            for (int i = 0; i < lines.length; i++) {
                if (from < 0 && idLine.matcher(lines[i]).matches()) from = i;
                else if (from >= 0 && lines[i].matches("^\\s*-\\s*id:.*")) {
                    to = i;
                    break;
                }
            }
        }

        int of(String key) {
            if (from < 0) return 1;
            Pattern k = Pattern.compile("^\\s*-?\\s*" + Pattern.quote(key) + ":.*");
            for (int i = from; i < to; i++) if (k.matcher(lines[i]).matches()) return i + 1;
            return from + 1;
        }
    }

    /** Base fact types and the key constraints that FactLookup serves, with the lookup to use. */
    private static final Map<String, Map<String, String>> LOOKUPS = Map.ofEntries(
            Map.entry("Call", Map.of("id", "call", "fn", "calls", "parentCall", "arguments", "inHandler", "inHandler",
                    "inFinally", "inFinally", "resolved", "callsTo")),
            Map.entry("Function", Map.of("id", "function", "qname", "functionsNamed", "name", "functionsCalled", "module", "functionsIn")),
            Map.entry("ClassDef", Map.of("qname", "classDef")), Map.entry("Module", Map.of("id", "module")),
            Map.entry("ImportAlias", Map.of("module", "importsIn")),
            Map.entry("CallEdge", Map.of("call", "edge", "caller", "edgesFrom", "callee", "edgesTo")),
            Map.entry("AwaitSite", Map.of("fn", "awaits")), Map.entry("WithBlock", Map.of("fn", "withs")),
            Map.entry("TryBlock", Map.of("fn", "tries")), Map.entry("ExceptHandler", Map.of("fn", "handlers")),
            Map.entry("LoopStmt", Map.of("fn", "loops")), Map.entry("ReturnStmt", Map.of("fn", "returns")),
            Map.entry("JumpStmt", Map.of("fn", "jumps")), Map.entry("NameUse", Map.of("fn", "names", "module", "nameUses")),
            Map.entry("Assignment", Map.of("fn", "assignments", "call", "assignmentsOf", "module", "assignmentsIn")),
            Map.entry("Parameter", Map.of("fn", "parameters")),
            Map.entry("ArgRef", Map.of("fn", "argRefs", "call", "argRefsOf")));
    private static final Pattern BASE_PATTERN = Pattern.compile("\\b(" + String.join("|", new TreeSet<>(LOOKUPS.keySet())) + ")\\(");
    private static final Pattern KEY_JOIN = Pattern.compile("(?:^|,)\\s*(\\w+)\\s*==\\s*\\$");

    /**
     * Warns about `Call(id == $x, ...)`-style joins on base facts in rule conditions: each keeps every
     * fact of its type in a join memory, which was most of the engine's time on large trees, while
     * `Call(...) from facts.call($x)` touches only the facts that can match (kb/README.md, "Fast rules").
     */
    static void slowJoins(String file, String text, List<Problem> problems) {
        Matcher rule = DRL_RULE.matcher(text);
        while (rule.find()) {
            int when = text.indexOf("\nwhen", rule.end());
            int then = when < 0 ? -1 : text.indexOf("\nthen", when);
            if (when < 0 || then < 0) continue;
            Matcher m = BASE_PATTERN.matcher(text).region(when, then);
            while (m.find()) {
                int open = m.end() - 1, depth = 0, i = open;
                for (; i < then; i++) {
                    char c = text.charAt(i);
                    if (c == '"') i = text.indexOf('"', i + 1);
                    else if (c == '(') depth++;
                    else if (c == ')' && --depth == 0) break;
                }
                if (i >= then || i < 0) break;
                String inner = text.substring(open + 1, i);
                boolean viaFrom = text.substring(i + 1, Math.min(then, i + 40)).stripLeading().startsWith("from");
                boolean inDeclaration = text.lastIndexOf("new ", m.start()) == m.start() - 4;
                Matcher k = KEY_JOIN.matcher(inner);
                if (!viaFrom && !inDeclaration && k.find() && LOOKUPS.get(m.group(1)).containsKey(k.group(1))) {
                    String lookup = LOOKUPS.get(m.group(1)).get(k.group(1));
                    int line = text.substring(0, m.start()).split("\n", -1).length;
                    problems.add(new Problem("warning", file, line, "rule \"" + rule.group(1) + "\": " + m.group(1) + "(" + k.group(1)
                            + " == ...) joins every " + m.group(1) + "; write " + m.group(1) + "(...) from facts." + lookup
                            + "(...) (kb/README.md, Fast rules)"));
                }
                m.region(i + 1, then);
            }
        }
    }
}
