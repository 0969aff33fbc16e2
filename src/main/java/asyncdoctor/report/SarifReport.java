package asyncdoctor.report;

import asyncdoctor.api.Finding;
import asyncdoctor.api.FindingKey;
import asyncdoctor.api.NotebookCells;
import asyncdoctor.api.Report;
import asyncdoctor.kb.KnowledgeBase;
import asyncdoctor.kb.RuleMeta;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * `check --format sarif`: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.
 *
 * <ul>
 *   <li>tool.driver.rules: every rule of the knowledge base with name, short and full description,
 *       help (text and Markdown from the rule's docs), default level and properties (tags, precision,
 *       problem.severity);</li>
 *   <li>results: ruleId and ruleIndex, level (critical = error, warning = warning, suggestion = note),
 *       message (symptom link, mechanism, fix), one location relative to %SRCROOT% (the working
 *       directory) with startLine/startColumn, the enclosing function as a logical location,
 *       partialFingerprints from the line-shift-robust finding key, and codeFlows for findings that
 *       follow a call chain;</li>
 *   <li>notebooks keep the notebook as the artifact and the line in the concatenated code cells as
 *       the region; the cell and the line in it are in the message and in properties
 *       (notebookCell, notebookCellLine);</li>
 *   <li>warnings and errors about inputs are toolExecutionNotifications of the invocation.</li>
 * </ul>
 */
public final class SarifReport {
    public static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SarifReport() {}

    public static String render(Report r, KnowledgeBase kb, Path workingDirectory) {
        List<RuleMeta> rules = new ArrayList<>(kb.rules().values());
        rules.sort((a, b) -> RuleHelp.ID_ORDER.compare(a.id(), b.id()));
        Map<String, Integer> index = new HashMap<>();
        List<Object> descriptors = new ArrayList<>();
        for (RuleMeta m : rules) {
            index.put(m.id(), descriptors.size());
            descriptors.add(rule(m));
        }

        List<Object> results = new ArrayList<>();
        for (Finding f : r.findings()) results.add(result(r, f, index, true));
        for (Finding f : r.unrelated()) results.add(result(r, f, index, false));

        List<Object> notifications = new ArrayList<>();
        for (String e : r.diagnostics().errors()) notifications.add(map("level", "error", "message", map("text", e)));
        for (String w : r.diagnostics().warnings()) notifications.add(map("level", "warning", "message", map("text", w)));
        Map<String, Object> invocation = map("executionSuccessful", r.diagnostics().errors().isEmpty());
        if (!notifications.isEmpty()) invocation.put("toolExecutionNotifications", notifications);

        Map<String, Object> driver = map("name", "asyncdoctor", "version", r.toolVersion(), "semanticVersion", r.toolVersion(),
                "rules", descriptors);
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("tool", map("driver", driver));
        run.put("originalUriBaseIds", map("%SRCROOT%", map("uri", dirUri(workingDirectory))));
        run.put("invocations", List.of(invocation));
        run.put("results", results);
        if (r.symptom().text() != null) {
            run.put("properties", map("symptom", r.symptom().text(), "symptomClass", r.symptom().symptomClass(),
                    "explained", r.summary().explained()));
        }
        Map<String, Object> root = map("$schema", SCHEMA, "version", "2.1.0", "runs", List.of(run));
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> rule(RuleMeta m) {
        List<String> tags = new ArrayList<>();
        tags.add("asyncio");
        tags.add(m.category());
        tags.add("reliability");
        for (String s : m.symptoms()) tags.add("symptom:" + s);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("id", m.id());
        d.put("name", m.name());
        d.put("shortDescription", map("text", limit(m.summary().isBlank() ? m.name() : m.summary().strip(), 1000)));
        d.put("fullDescription", map("text", RuleHelp.description(m)));
        d.put("help", map("text", RuleHelp.text(m), "markdown", RuleHelp.markdown(m, 2)));
        d.put("defaultConfiguration", map("level", level(m.severity())));
        d.put("properties", map("tags", tags, "precision", m.precision(), "problem.severity", problemSeverity(m.severity())));
        return d;
    }

    private static Map<String, Object> result(Report r, Finding f, Map<String, Integer> index, boolean related) {
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("ruleId", f.rule());
        Integer i = index.get(f.rule());
        if (i != null) res.put("ruleIndex", i);
        res.put("level", level(f.severity()));
        NotebookCells.CellLine cell = r.cellOf(f.file(), f.line());
        StringBuilder msg = new StringBuilder();
        if (!f.symptomLink().isBlank()) msg.append(f.symptomLink().strip()).append("\n\n");
        msg.append("Mechanism: ").append(f.mechanism().strip()).append("\n\nFix: ").append(f.fix().strip());
        if (cell != null) msg.append("\n\nIn notebook ").append(cell).append('.');
        res.put("message", map("text", msg.toString()));
        Map<String, Object> loc = location(f.file(), f.line(), f.column());
        if (f.function() != null) loc.put("logicalLocations", List.of(map("fullyQualifiedName", f.function(), "kind", "function")));
        res.put("locations", List.of(loc));
        FindingKey key = r.key(f);
        if (key != null) res.put("partialFingerprints", map("asyncdoctorFindingKey/v1", key.fingerprint()));
        if (!f.chain().isEmpty()) {
            List<Object> steps = new ArrayList<>();
            for (Finding.ChainStep s : f.chain()) {
                Map<String, Object> l = location(s.file(), s.line(), 0);
                NotebookCells.CellLine sc = r.cellOf(s.file(), s.line());
                String text = (s.function() == null ? "module level" : "in " + s.function()) + (sc == null ? "" : " (" + sc + ")");
                l.put("message", map("text", text));
                steps.add(map("location", l));
            }
            res.put("codeFlows", List.of(map("threadFlows", List.of(map("locations", steps)))));
        }
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("category", f.category());
        props.put("severity", f.severity());
        props.put("relatedToSymptom", related);
        if (cell != null) {
            props.put("notebookCell", cell.cell());
            props.put("notebookCellLine", cell.line());
        }
        res.put("properties", props);
        return res;
    }

    private static Map<String, Object> location(String file, int line, int column) {
        Map<String, Object> artifact = new LinkedHashMap<>();
        boolean absolute = file.startsWith("/") || file.matches("^[A-Za-z]:/.*");
        artifact.put("uri", absolute ? fileUri(file) : relativeUri(file));
        if (!absolute) artifact.put("uriBaseId", "%SRCROOT%");
        Map<String, Object> region = new LinkedHashMap<>();
        region.put("startLine", Math.max(1, line));
        if (column > 0) region.put("startColumn", column);
        return map("physicalLocation", map("artifactLocation", artifact, "region", region));
    }

    private static String relativeUri(String path) {
        StringBuilder sb = new StringBuilder();
        for (String seg : path.split("/", -1)) {
            if (sb.length() > 0) sb.append('/');
            try {
                sb.append(new URI(null, null, seg, null).getRawPath().replace(":", "%3A"));
            } catch (URISyntaxException e) {
                sb.append(seg);
            }
        }
        return sb.toString();
    }

    private static String fileUri(String path) {
        return Path.of(path).toUri().toString();
    }

    private static String dirUri(Path dir) {
        String u = dir.toAbsolutePath().normalize().toUri().toString();
        return u.endsWith("/") ? u : u + "/";
    }

    static String level(String severity) {
        return switch (severity) { case "critical" -> "error"; case "warning" -> "warning"; default -> "note"; };
    }

    private static String problemSeverity(String severity) {
        return switch (severity) { case "critical" -> "error"; case "warning" -> "warning"; default -> "recommendation"; };
    }

    private static String limit(String s, int n) { return s.length() <= n ? s : s.substring(0, n - 1) + "…"; }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }
}
