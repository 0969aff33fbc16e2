package asyncdoctor.api;

import java.util.List;

/**
 * The result of one analysis. Immutable and safe to share across threads.
 *
 * @param findings        findings that explain the symptom (all findings in lint mode), most important first
 * @param unrelated       findings that do not explain the given symptom
 * @param snapshotRequest what to capture at run time when the code alone does not explain the symptom, else null
 * @param stats           files and lines analyzed
 */
public record Report(String toolVersion, Symptom symptom, List<Finding> findings, List<Finding> unrelated,
                     Summary summary, String snapshotRequest, Diagnostics diagnostics, Stats stats) {
    public Report {
        findings = List.copyOf(findings);
        unrelated = List.copyOf(unrelated);
    }

    /** Counts of the run. */
    public record Stats(int filesSeen, int filesParsed, long lines) {}
}
