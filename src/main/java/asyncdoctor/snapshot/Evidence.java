package asyncdoctor.snapshot;

import java.util.List;

/**
 * Inserted by the rules of kb/snapshot/: a runtime observation that supports findings of some
 * categories at a place in the code. {@link EvidenceLinker} attaches it to the matching findings
 * (facts-schema/snapshot.yaml documents the matching).
 */
public record Evidence(String observation, List<String> categories, String module, int line, String fn,
                       String snapshot, int snapLine, String text, String note) {
    public Evidence {
        categories = List.copyOf(categories);
    }
}
