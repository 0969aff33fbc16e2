package asyncdoctor.report;

import asyncdoctor.api.Finding;
import asyncdoctor.api.Report;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON contract (`check --format json`): field names and order are stable. */
public final class JsonReport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {}

    public static String render(Report r) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("tool", ordered("name", "asyncdoctor", "version", r.toolVersion()));
        root.put("symptom", ordered("text", r.symptom().text(), "class", r.symptom().symptomClass()));
        root.put("findings", findings(r.findings()));
        root.put("unrelated", findings(r.unrelated()));
        var s = r.summary();
        root.put("summary", ordered("critical", s.critical(), "warning", s.warning(), "suggestion", s.suggestion(),
                "explained", s.explained(), "needsSnapshot", s.needsSnapshot()));
        if (r.snapshotRequest() != null) root.put("snapshotRequest", r.snapshotRequest());
        root.put("diagnostics", ordered("warnings", r.diagnostics().warnings(), "errors", r.diagnostics().errors()));
        if (!r.notebooks().isEmpty()) {
            // Notebook findings keep the notebook as `file` and the line in its concatenated code cells;
            // this maps those lines back to cells (present only when a notebook has findings).
            Map<String, Object> nbs = new LinkedHashMap<>();
            for (var nb : new java.util.TreeMap<>(r.notebooks()).values()) {
                List<Object> cells = new ArrayList<>();
                for (var c : nb.cells()) cells.add(ordered("cell", c.number(), "firstLine", c.firstLine(), "lines", c.lineCount()));
                nbs.put(nb.file(), cells);
            }
            root.put("notebooks", nbs);
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static List<Object> findings(List<Finding> fs) {
        List<Object> out = new ArrayList<>();
        for (Finding f : fs) out.add(finding(f));
        return out;
    }

    public static Map<String, Object> finding(Finding f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rule", f.rule());
        m.put("category", f.category());
        m.put("severity", f.severity());
        m.put("file", f.file());
        m.put("line", f.line());
        m.put("column", f.column());
        m.put("function", f.function());
        m.put("symptomLink", f.symptomLink());
        m.put("mechanism", f.mechanism());
        m.put("fix", f.fix());
        List<Object> chain = new ArrayList<>();
        for (var c : f.chain()) chain.add(ordered("file", c.file(), "line", c.line(), "function", c.function()));
        m.put("chain", chain);
        List<Object> ev = new ArrayList<>();
        for (var e : f.evidence()) ev.add(ordered("snapshot", e.snapshot(), "line", e.line(), "text", e.text()));
        m.put("evidence", ev);
        return m;
    }

    static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }
}
