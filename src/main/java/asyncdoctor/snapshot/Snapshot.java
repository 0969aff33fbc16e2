package asyncdoctor.snapshot;

import java.util.List;

/** One --snapshot file (facts-schema/snapshot.yaml). */
public record Snapshot(String file, int lines, List<String> formats, String python) {
    public Snapshot {
        formats = List.copyOf(formats);
    }
}
