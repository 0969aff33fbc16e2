package asyncdoctor.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Baseline files: the findings a project has accepted for now, so a run reports only new ones. A
 * baseline stores each finding's {@link FindingKey} (rule, file, code of the line, occurrence) with
 * the file relative to the baseline's own folder, so it keeps matching after lines move and from
 * any working directory. The recorded line is informational only.
 *
 * <pre>
 * { "tool": "asyncdoctor", "baselineVersion": 1,
 *   "findings": [ {"rule": "AD101", "file": "app/worker.py", "line": 12, "text": "time.sleep(1)", "occurrence": 0} ] }
 * </pre>
 */
public final class Baselines {
    public static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Baselines() {}

    /** The keys of a baseline file, with files as stored (relative to the baseline's folder). */
    public static Set<FindingKey> read(Path file) throws AnalysisException {
        JsonNode doc;
        try {
            doc = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new AnalysisException(List.of(file + ": baseline not found (create it with --write-baseline " + file + ")"));
        } catch (IOException e) {
            throw new AnalysisException(List.of(file + ": not a baseline file: " + firstLine(e.getMessage())));
        }
        JsonNode list = doc == null ? null : doc.get("findings");
        if (list == null || !list.isArray()) throw new AnalysisException(List.of(file + ": not a baseline file: no `findings` list"));
        Set<FindingKey> keys = new HashSet<>();
        for (JsonNode n : list) {
            keys.add(new FindingKey(n.path("rule").asText(), n.path("file").asText(), n.path("text").asText(), n.path("occurrence").asInt(0)));
        }
        return keys;
    }

    /**
     * Writes every finding of the report (explaining and unrelated) as a baseline. Returns how many
     * findings it recorded.
     */
    public static int write(Path file, Report report, Path workingDirectory) throws IOException {
        Path dir = folderOf(file);
        List<Map<String, Object>> entries = new ArrayList<>();
        List<Finding> all = new ArrayList<>(report.allFindings());
        all.sort(Comparator.comparing(Finding::file).thenComparingInt(Finding::line).thenComparing(Finding::rule));
        for (Finding f : all) {
            FindingKey k = report.key(f);
            if (k == null) continue;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("rule", k.rule());
            m.put("file", relativeTo(dir, workingDirectory, k.file()));
            m.put("line", f.line());
            m.put("text", k.text());
            m.put("occurrence", k.occurrence());
            entries.add(m);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("tool", "asyncdoctor");
        root.put("baselineVersion", VERSION);
        root.put("findings", entries);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        Files.writeString(file, JSON.writeValueAsString(root) + "\n", StandardCharsets.UTF_8);
        return entries.size();
    }

    /** A reported path (relative to the working directory) as a baseline in {@code baselineDir} stores it. */
    public static String relativeTo(Path baselineDir, Path workingDirectory, String reported) {
        Path abs = workingDirectory.toAbsolutePath().resolve(reported).normalize();
        Path base = baselineDir.toAbsolutePath().normalize();
        String s;
        try {
            s = base.relativize(abs).toString();
        } catch (IllegalArgumentException otherRoot) {
            s = abs.toString();
        }
        return s.replace('\\', '/');
    }

    public static Path folderOf(Path baselineFile) {
        Path p = baselineFile.toAbsolutePath().normalize().getParent();
        return p == null ? Path.of("").toAbsolutePath() : p;
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int i = s.indexOf('\n');
        return i < 0 ? s : s.substring(0, i);
    }
}
