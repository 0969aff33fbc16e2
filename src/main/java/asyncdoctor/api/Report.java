package asyncdoctor.api;

import java.util.List;
import java.util.Map;

/**
 * The result of one analysis. Immutable and safe to share across threads.
 *
 * @param findings        findings that explain the symptom (all findings in lint mode), most important first
 * @param unrelated       findings that do not explain the given symptom
 * @param snapshotRequest what to capture at run time when the code alone does not explain the symptom, else null
 * @param diagnostics     warnings and errors about inputs (unreadable files, syntax errors, rejected suppressions)
 * @param stats           files and lines analyzed
 * @param notebooks       for each notebook with findings, where its code cells are (maps a line to cell and line)
 * @param keys            the line-shift-robust key of every reported finding by {@link #slot(Finding)} (baselines, SARIF fingerprints)
 * @param filtered        how many findings configuration, inline suppressions and the baseline removed
 */
public record Report(String toolVersion, Symptom symptom, List<Finding> findings, List<Finding> unrelated,
                     Summary summary, String snapshotRequest, Diagnostics diagnostics, Stats stats,
                     Map<String, NotebookCells> notebooks, Map<String, FindingKey> keys, Filtered filtered) {
    public Report {
        findings = List.copyOf(findings);
        unrelated = List.copyOf(unrelated);
        notebooks = Map.copyOf(notebooks);
        keys = Map.copyOf(keys);
        if (filtered == null) filtered = new Filtered(0, 0, 0);
    }

    public Report(String toolVersion, Symptom symptom, List<Finding> findings, List<Finding> unrelated,
                  Summary summary, String snapshotRequest, Diagnostics diagnostics, Stats stats) {
        this(toolVersion, symptom, findings, unrelated, summary, snapshotRequest, diagnostics, stats, Map.of(), Map.of(), null);
    }

    /** Counts of the run. */
    public record Stats(int filesSeen, int filesParsed, long lines) {}

    /** Findings left out of the report: disabled by configuration, suppressed inline, or already in the baseline. */
    public record Filtered(int disabled, int suppressed, int baselined) {}

    /** The key of a finding of this report (null for a finding of another report). */
    public FindingKey key(Finding f) { return keys.get(slot(f)); }

    /** "cell 3, line 2" for a line of a notebook of this report; null for other files. */
    public NotebookCells.CellLine cellOf(String file, int line) {
        NotebookCells nb = notebooks.get(file);
        return nb == null ? null : nb.locate(line);
    }

    /** Every finding: those that explain the symptom, then the unrelated ones. */
    public List<Finding> allFindings() {
        if (unrelated.isEmpty()) return findings;
        List<Finding> all = new java.util.ArrayList<>(findings);
        all.addAll(unrelated);
        return List.copyOf(all);
    }

    /** How {@link #keys()} names a finding: rule, file, line and column (stable when evidence or severity change). */
    public static String slot(Finding f) {
        return f.rule() + "|" + f.file() + ":" + f.line() + ":" + f.column();
    }
}
