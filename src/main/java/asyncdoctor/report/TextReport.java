package asyncdoctor.report;

import asyncdoctor.api.Finding;
import asyncdoctor.api.Report;
import java.util.List;

/** The plain-text blocks of the spec: Severity / Location / Symptom link / Mechanism / Fix, then the summary. */
public final class TextReport {
    private TextReport() {}

    public static String render(Report r) {
        StringBuilder sb = new StringBuilder();
        if (r.symptom().text() != null) {
            sb.append("Symptom: ").append(r.symptom().text()).append('\n');
            sb.append("Class: ").append(r.symptom().symptomClass()).append("\n\n");
        }
        for (Finding f : r.findings()) block(sb, f, r);
        if (!r.unrelated().isEmpty()) {
            sb.append("Also found, not related to this symptom:\n");
            for (Finding f : r.unrelated()) {
                sb.append("  ").append(cap(f.severity())).append("  ").append(f.file()).append(':').append(f.line())
                        .append(cell(r, f.file(), f.line())).append("  ").append(f.category()).append(" (").append(f.rule()).append(")\n");
            }
            sb.append('\n');
        }
        var s = r.summary();
        sb.append("Summary: ").append(count(s.critical(), "critical")).append(", ")
                .append(count(s.warning(), "warning")).append(", ").append(count(s.suggestion(), "suggestion")).append('.');
        Report.Filtered left = r.filtered();
        if (left.suppressed() + left.baselined() + left.disabled() > 0) {
            List<String> parts = new java.util.ArrayList<>();
            if (left.suppressed() > 0) parts.add(left.suppressed() + " suppressed inline");
            if (left.baselined() > 0) parts.add(left.baselined() + " in the baseline");
            if (left.disabled() > 0) parts.add(left.disabled() + " of disabled rules");
            sb.append(" Not shown: ").append(String.join(", ", parts)).append('.');
        }
        if (r.symptom().text() == null) {
            sb.append(" (no symptom given: all findings listed)\n");
        } else if (s.explained()) {
            sb.append("\nThe reported symptom is fully explained by the findings above.\n");
        } else {
            sb.append("\nThe code looks correct for this symptom: nothing found explains it, and it cannot be\n")
                    .append("reproduced from the code alone. Capture a diagnostic snapshot while it happens:\n\n");
            if (r.snapshotRequest() != null) sb.append(indent(r.snapshotRequest())).append('\n');
        }
        List<String> warnings = r.diagnostics().warnings();
        List<String> errors = r.diagnostics().errors();
        if (!warnings.isEmpty() || !errors.isEmpty()) {
            sb.append('\n');
            for (String e : errors) sb.append(e).append('\n');
            for (String w : warnings) sb.append(w).append('\n');
        }
        return sb.toString();
    }

    private static void block(StringBuilder sb, Finding f, Report r) {
        sb.append("Severity: ").append(cap(f.severity())).append('\n');
        sb.append("Location: ").append(f.file()).append(':').append(f.line()).append(cell(r, f.file(), f.line()));
        if (f.function() != null) sb.append(" in ").append(f.function());
        sb.append("  [").append(f.rule()).append(' ').append(f.category()).append("]\n");
        for (Finding.ChainStep c : f.chain()) {
            sb.append("          -> ").append(c.file()).append(':').append(c.line()).append(cell(r, c.file(), c.line()));
            if (c.function() != null) sb.append(" in ").append(c.function());
            sb.append('\n');
        }
        sb.append("Symptom link: ").append(f.symptomLink()).append('\n');
        sb.append("Mechanism: ").append(f.mechanism()).append('\n');
        sb.append("Fix: ").append(f.fix().contains("\n") ? "\n" + indent(f.fix()) : f.fix()).append('\n');
        for (Finding.Evidence e : f.evidence()) {
            sb.append("Evidence: ").append(e.snapshot()).append(':').append(e.line()).append(": ").append(e.text()).append('\n');
        }
        sb.append('\n');
    }

    /** " (cell 3, line 2)" for a line of a notebook, else "". */
    static String cell(Report r, String file, int line) {
        var c = r.cellOf(file, line);
        return c == null ? "" : " (" + c + ")";
    }

    private static String indent(String s) {
        return ("    " + s.replace("\n", "\n    ")).replaceAll("(?m)^ +$", "");
    }

    static String cap(String s) { return Character.toUpperCase(s.charAt(0)) + s.substring(1); }

    private static String count(int n, String what) {
        return n + " " + what + (n == 1 || what.equals("critical") ? "" : "s");
    }
}
