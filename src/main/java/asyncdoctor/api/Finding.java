package asyncdoctor.api;

import java.util.List;

/**
 * One diagnosed footgun: where it is, how it causes the symptom, what happens in the event loop and
 * the concrete change that fixes it. Immutable.
 *
 * @param rule        stable rule id (suppressions and baselines name it)
 * @param category    stable category id such as {@code blocking-call}
 * @param severity    critical, warning or suggestion
 * @param file        path relative to the working directory, '/' separators
 * @param line        1-based line of the offending statement (for a chain: where it starts in the async function)
 * @param column      1-based column
 * @param function    qualified name of the enclosing function, or null at module level
 * @param chain       the call path to the final offending call, empty when the finding is local
 * @param evidence    runtime snapshot lines that confirm the finding, empty without snapshots
 */
public record Finding(String rule, String category, String severity, String file, int line, int column,
                      String function, String symptomLink, String mechanism, String fix, List<ChainStep> chain,
                      List<Evidence> evidence) {
    public Finding {
        chain = List.copyOf(chain);
        evidence = List.copyOf(evidence);
    }

    /** One step of a call path. */
    public record ChainStep(String file, int line, String function) {}

    /** One line of a runtime snapshot that supports a finding. */
    public record Evidence(String snapshot, int line, String text) {}

    public Finding withEvidence(List<Evidence> ev, String newSymptomLink) {
        return new Finding(rule, category, severity, file, line, column, function, newSymptomLink, mechanism, fix, chain, ev);
    }

    public Finding withSeverity(String s) {
        return new Finding(rule, category, s, file, line, column, function, symptomLink, mechanism, fix, chain, evidence);
    }
}
