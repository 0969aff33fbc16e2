package asyncdoctor.report;

import asyncdoctor.kb.RuleMeta;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A rule's documentation from its metadata and `doc:` sections, as Markdown (for `kb docs` and SARIF
 * help.markdown) or plain text (SARIF help.text).
 */
public final class RuleHelp {
    /** doc keys in reading order, with their headings (ruff's sections); other keys follow, title-cased. */
    static final Map<String, String> SECTIONS = new LinkedHashMap<>();

    static {
        SECTIONS.put("what", "What it does");
        SECTIONS.put("why", "Why is this bad?");
        SECTIONS.put("not-reported", "Not reported");
        SECTIONS.put("example", "Example");
        SECTIONS.put("instead", "Use instead");
        SECTIONS.put("references", "References");
    }

    private RuleHelp() {}

    /** Rule ids in natural order: AD101 < AD102 < AD1001 (letters, then the number). */
    public static final java.util.Comparator<String> ID_ORDER = (a, b) -> {
        String pa = a.replaceAll("\\d+$", ""), pb = b.replaceAll("\\d+$", "");
        if (!pa.equals(pb)) return pa.compareTo(pb);
        String na = a.substring(pa.length()), nb = b.substring(pb.length());
        if (na.length() != nb.length()) return Integer.compare(na.length(), nb.length());
        return na.compareTo(nb);
    };

    /** One rule as a Markdown section; {@code level} is the heading level of its title (2 = "##"). */
    public static String markdown(RuleMeta m, int level) {
        String h = "#".repeat(level);
        StringBuilder sb = new StringBuilder();
        sb.append(h).append(' ').append(m.id()).append(" `").append(m.name()).append("`\n\n");
        if (!m.summary().isBlank()) sb.append(m.summary().strip()).append("\n\n");
        sb.append("| | |\n|---|---|\n");
        sb.append("| Category | `").append(m.category()).append("` |\n");
        sb.append("| Severity | ").append(m.severity()).append(" |\n");
        sb.append("| Precision | ").append(m.precision()).append(" |\n");
        sb.append("| Explains | ").append(m.symptoms().isEmpty() ? "-" : String.join(", ", m.symptoms())).append(" |\n");
        sb.append("| In tests | ").append(m.inTests()).append(" |\n");
        sb.append("| Since | ").append(m.since()).append(" |\n");
        if (!m.aliases().isEmpty()) sb.append("| Aliases | ").append(String.join(", ", m.aliases())).append(" |\n");
        sb.append("| Suppress | `# asyncdoctor: ignore[").append(m.id()).append("]` |\n\n");
        for (var s : sections(m)) {
            sb.append(h).append("# ").append(s[0]).append("\n\n");
            if (s[2].equals("code")) sb.append("```python\n").append(s[1].stripTrailing()).append("\n```\n\n");
            else sb.append(s[1].strip()).append("\n\n");
        }
        return sb.toString();
    }

    /** The same as plain text. */
    public static String text(RuleMeta m) {
        StringBuilder sb = new StringBuilder();
        sb.append(m.id()).append(' ').append(m.name()).append(": ").append(m.summary().strip()).append("\n\n");
        sb.append("Category ").append(m.category()).append(", severity ").append(m.severity()).append(", precision ")
                .append(m.precision()).append(". Suppress with # asyncdoctor: ignore[").append(m.id()).append("].\n");
        for (var s : sections(m)) {
            sb.append('\n').append(s[0]).append(":\n");
            if (s[2].equals("code")) sb.append(indent(s[1].stripTrailing())).append('\n');
            else sb.append(s[1].strip()).append('\n');
        }
        return sb.toString();
    }

    /** The doc.what and doc.why texts in one paragraph (SARIF fullDescription). */
    public static String description(RuleMeta m) {
        String what = m.doc().getOrDefault("what", "").strip();
        String why = m.doc().getOrDefault("why", "").strip();
        String s = (what + " " + why).strip();
        return s.isEmpty() ? m.summary().strip() : s;
    }

    /** [heading, text, "code" or "prose"] in reading order. */
    private static List<String[]> sections(RuleMeta m) {
        List<String[]> out = new ArrayList<>();
        for (var e : SECTIONS.entrySet()) {
            String t = m.doc().get(e.getKey());
            if (t != null && !t.isBlank()) out.add(new String[] {e.getValue(), t, isCode(e.getKey()) ? "code" : "prose"});
        }
        m.doc().entrySet().stream().filter(e -> !SECTIONS.containsKey(e.getKey()) && !e.getValue().isBlank())
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> out.add(new String[] {title(e.getKey()), e.getValue(), "prose"}));
        return out;
    }

    private static boolean isCode(String key) { return key.equals("example") || key.equals("instead"); }

    private static String title(String key) {
        String s = key.replace('-', ' ');
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String indent(String s) { return "    " + s.replace("\n", "\n    "); }
}
