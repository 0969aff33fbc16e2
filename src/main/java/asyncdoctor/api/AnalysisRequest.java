package asyncdoctor.api;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What to analyze: files and folders and/or in-memory sources, an optional symptom in the user's
 * words, optional runtime snapshots, and the target Python version that fixes must honor; plus the
 * batch options: exclude globs, .gitignore, the {@code [tool.asyncdoctor]} configuration, inline
 * suppressions and a baseline. Immutable; build with {@link #builder()}.
 *
 * @param paths             files and folders (folders recursively over .py and .ipynb)
 * @param sources           in-memory modules: name as reports show it -> text (notebook JSON when the name ends in .ipynb)
 * @param symptom           the symptom in the user's words, or null (lint mode)
 * @param snapshots         runtime snapshot files
 * @param targetVersion     "3.11" / "py311", or null for the configuration, requires-python, else 3.9
 * @param workingDirectory  reported paths are relative to it; command-line excludes are anchored at it
 * @param threads           threads for parsing, per-file passes and the rule groups
 * @param excludes          exclude patterns in .gitignore syntax, relative to the working directory
 * @param respectGitignore  null for the configuration's choice (default true)
 * @param configFile        the configuration file to use, or null to look for pyproject.toml from the first path upwards
 * @param discoverConfig    whether to look for pyproject.toml when {@code configFile} is null
 * @param baseline          a baseline file: findings recorded in it are not reported; or null
 * @param honorSuppressions whether {@code # asyncdoctor: ignore[...]} comments silence findings
 * @param disabled          rule ids, aliases or categories to drop (added to the configuration's)
 * @param severities        rule id, alias or category -> severity (over the configuration's)
 * @param progress          hears how far the analysis has come
 * @param cache             whether facts of unchanged files may be reused from earlier runs (on-disk cache)
 */
public record AnalysisRequest(List<Path> paths, Map<String, String> sources, String symptom, List<Path> snapshots,
                              String targetVersion, Path workingDirectory, int threads,
                              List<String> excludes, Boolean respectGitignore, Path configFile, boolean discoverConfig,
                              Path baseline, boolean honorSuppressions, List<String> disabled, Map<String, String> severities,
                              ProgressListener progress, boolean cache) {
    public AnalysisRequest {
        paths = List.copyOf(paths);
        sources = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sources));
        snapshots = List.copyOf(snapshots);
        excludes = List.copyOf(excludes);
        disabled = List.copyOf(disabled);
        severities = Map.copyOf(severities);
        if (progress == null) progress = ProgressListener.NONE;
    }

    /** The request of the foundation's fields only (no batch options; configuration discovery on). */
    public AnalysisRequest(List<Path> paths, Map<String, String> sources, String symptom, List<Path> snapshots,
                           String targetVersion, Path workingDirectory, int threads) {
        this(paths, sources, symptom, snapshots, targetVersion, workingDirectory, threads, List.of(), null, null, true,
                null, true, List.of(), Map.of(), null, true);
    }

    public static Builder builder() { return new Builder(); }

    /** Builds an {@link AnalysisRequest}; every option has a sensible default. */
    public static final class Builder {
        private final List<Path> paths = new ArrayList<>();
        private final Map<String, String> sources = new LinkedHashMap<>();
        private final List<Path> snapshots = new ArrayList<>();
        private final List<String> excludes = new ArrayList<>();
        private final List<String> disabled = new ArrayList<>();
        private final Map<String, String> severities = new LinkedHashMap<>();
        private String symptom;
        private String targetVersion;
        private Path cwd = Path.of("").toAbsolutePath();
        private int threads = Runtime.getRuntime().availableProcessors();
        private Boolean respectGitignore;
        private Path configFile;
        private boolean discoverConfig = true;
        private Path baseline;
        private boolean honorSuppressions = true;
        private ProgressListener progress;
        private boolean cache = true;

        /** A file or folder (folders are searched recursively for .py and .ipynb files). */
        public Builder path(Path p) { paths.add(p); return this; }

        public Builder paths(List<Path> ps) { paths.addAll(ps); return this; }

        /**
         * An in-memory module: `name` is its path as reports should show it (e.g. "app/service.py");
         * a name ending in .ipynb makes `text` a notebook's JSON.
         */
        public Builder source(String name, String text) { sources.put(name, text); return this; }

        /** The symptom in the user's words; null or blank for lint mode. */
        public Builder symptom(String s) { symptom = s == null || s.isBlank() ? null : s; return this; }

        public Builder snapshot(Path p) { snapshots.add(p); return this; }

        /** "3.9" .. "3.14" or "py39" .. "py314"; null for the configuration, requires-python, else 3.9. */
        public Builder targetVersion(String v) { targetVersion = v; return this; }

        /** Reported paths are relative to this folder, and {@link #exclude} patterns are anchored at it. */
        public Builder workingDirectory(Path p) { cwd = p.toAbsolutePath(); return this; }

        public Builder threads(int n) { threads = Math.max(1, n); return this; }

        /**
         * Leaves out files and folders matching a pattern in .gitignore syntax (repeatable):
         * {@code migrations} (any such name), {@code /legacy} (at the working directory),
         * {@code gen/**}, {@code *_pb2.py}. Applies to files named explicitly too.
         */
        public Builder exclude(String glob) { excludes.add(glob); return this; }

        /** Whether .gitignore files count (default: the configuration's respect-gitignore, else true). */
        public Builder respectGitignore(boolean b) { respectGitignore = b; return this; }

        /** Use this configuration file (a pyproject.toml, or a TOML file with the table's keys at the top). */
        public Builder configFile(Path p) { configFile = p; return this; }

        /** Whether to look for a pyproject.toml with [tool.asyncdoctor] from the first path upwards (default true). */
        public Builder discoverConfig(boolean b) { discoverConfig = b; return this; }

        /** Report only findings not recorded in this baseline file (see {@code Baselines}). */
        public Builder baseline(Path p) { baseline = p; return this; }

        /** Whether {@code # asyncdoctor: ignore[...]} comments silence findings (default true). */
        public Builder honorSuppressions(boolean b) { honorSuppressions = b; return this; }

        /** Drops the findings of a rule id, alias or category (added to the configuration's `disable`). */
        public Builder disable(String ruleOrCategory) { disabled.add(ruleOrCategory); return this; }

        /** Reports a rule id, alias or category at this severity: critical, warning or suggestion. */
        public Builder severity(String ruleOrCategory, String severity) { severities.put(ruleOrCategory, severity); return this; }

        /** Hears how far the analysis has come (progress indicators). */
        public Builder progress(ProgressListener l) { progress = l; return this; }

        /** Whether facts of unchanged files may be reused from the on-disk cache of earlier runs (default true). */
        public Builder cache(boolean b) { cache = b; return this; }

        public AnalysisRequest build() {
            return new AnalysisRequest(paths, sources, symptom, snapshots, targetVersion, cwd, threads, excludes,
                    respectGitignore, configFile, discoverConfig, baseline, honorSuppressions, disabled, severities, progress, cache);
        }
    }
}
