package asyncdoctor.api;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What to analyze: files and folders and/or in-memory sources, an optional symptom in the user's
 * words, optional runtime snapshots, and the target Python version that fixes must honor.
 * Immutable; build with {@link #builder()}.
 */
public record AnalysisRequest(List<Path> paths, Map<String, String> sources, String symptom, List<Path> snapshots,
                              String targetVersion, Path workingDirectory, int threads) {
    public AnalysisRequest {
        paths = List.copyOf(paths);
        sources = Map.copyOf(sources);
        snapshots = List.copyOf(snapshots);
    }

    public static Builder builder() { return new Builder(); }

    public static final class Builder {
        private final List<Path> paths = new ArrayList<>();
        private final Map<String, String> sources = new LinkedHashMap<>();
        private final List<Path> snapshots = new ArrayList<>();
        private String symptom;
        private String targetVersion;
        private Path cwd = Path.of("").toAbsolutePath();
        private int threads = Runtime.getRuntime().availableProcessors();

        /** A file or folder (folders are searched recursively for .py files). */
        public Builder path(Path p) { paths.add(p); return this; }

        public Builder paths(List<Path> ps) { paths.addAll(ps); return this; }

        /** An in-memory module: `name` is its path as reports should show it (e.g. "app/service.py"). */
        public Builder source(String name, String text) { sources.put(name, text); return this; }

        /** The symptom in the user's words; null or blank for lint mode. */
        public Builder symptom(String s) { symptom = s == null || s.isBlank() ? null : s; return this; }

        public Builder snapshot(Path p) { snapshots.add(p); return this; }

        /** "3.9" .. "3.14" or "py39" .. "py314"; null to read requires-python or assume 3.9. */
        public Builder targetVersion(String v) { targetVersion = v; return this; }

        /** Reported paths are relative to this folder. */
        public Builder workingDirectory(Path p) { cwd = p.toAbsolutePath(); return this; }

        public Builder threads(int n) { threads = Math.max(1, n); return this; }

        public AnalysisRequest build() {
            return new AnalysisRequest(paths, sources, symptom, snapshots, targetVersion, cwd, threads);
        }
    }
}
