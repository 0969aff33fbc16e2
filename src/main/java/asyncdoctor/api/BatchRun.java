package asyncdoctor.api;

import asyncdoctor.config.Config;
import asyncdoctor.config.ConfigException;
import asyncdoctor.config.ConfigLoader;
import asyncdoctor.engine.Sources;
import asyncdoctor.extract.Diagnostic;
import asyncdoctor.extract.Extraction;
import asyncdoctor.input.IgnoreRules;
import asyncdoctor.input.InputFiles;
import asyncdoctor.input.Notebooks;
import asyncdoctor.input.Suppressions;
import asyncdoctor.kb.Catalog;
import asyncdoctor.kb.KnowledgeBase;
import asyncdoctor.kb.RuleMeta;
import asyncdoctor.parse.SourceText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The batch side of one analysis: the [tool.asyncdoctor] configuration, exclude globs and .gitignore,
 * the project's extra blocking APIs, inline suppressions, disabled rules, severity overrides, the
 * baseline, finding keys, notebook cell maps and progress. One instance per {@link Analyzer#analyze}
 * call; it also hears the parser threads (as an {@link Extraction.Listener}).
 */
final class BatchRun implements Extraction.Listener {
    private static final byte[] MARKER = "asyncdoctor".getBytes(StandardCharsets.US_ASCII);

    private final AnalysisRequest req;
    private final KnowledgeBase kb;
    private final Config config;
    private final Set<String> disabled = new HashSet<>();
    private final Map<String, String> severities = new HashMap<>();
    private final InputFiles.Options inputOptions;
    private final String targetVersion;
    private final Set<FindingKey> baseline;
    private final Map<String, Catalog> catalogs;
    private final Map<String, Suppressions.FileSuppressions> suppressions = new ConcurrentHashMap<>();
    private final AtomicInteger done = new AtomicInteger();
    private final Map<String, FindingKey> keys = new HashMap<>();
    private volatile int total;
    private int disabledCount, suppressedCount, baselinedCount;

    private BatchRun(AnalysisRequest req, KnowledgeBase kb, Config config, InputFiles.Options inputOptions, String targetVersion,
                     Set<FindingKey> baseline, Map<String, Catalog> catalogs) {
        this.req = req;
        this.kb = kb;
        this.config = config;
        this.inputOptions = inputOptions;
        this.targetVersion = targetVersion;
        this.baseline = baseline;
        this.catalogs = catalogs;
    }

    /** Reads the configuration and the baseline and checks every rule id they name against the KB. */
    static BatchRun prepare(AnalysisRequest req, KnowledgeBase kb) throws AnalysisException {
        Config config;
        try {
            if (req.configFile() != null) config = ConfigLoader.load(req.configFile());
            else if (req.discoverConfig() && !req.paths().isEmpty()) config = ConfigLoader.discover(req.paths().get(0));
            else config = null;
        } catch (ConfigException e) {
            throw new AnalysisException(e.messages());
        }
        List<String> errors = new ArrayList<>();
        Path cwd = req.workingDirectory();

        List<IgnoreRules> excludes = new ArrayList<>();
        if (!req.excludes().isEmpty()) excludes.add(IgnoreRules.of(cwd, req.excludes(), "--exclude"));
        if (config != null && !config.exclude().isEmpty()) excludes.add(IgnoreRules.of(config.baseDir(), config.exclude(), config.file().toString()));
        boolean gitignore = req.respectGitignore() != null ? req.respectGitignore()
                : config == null || config.respectGitignore() == null || config.respectGitignore();

        String target = req.targetVersion();
        if (target == null && config != null) target = config.targetVersion();

        Map<String, Catalog> catalogs = kb.catalogs();
        if (config != null && !config.blockingApis().isEmpty()) {
            List<Catalog.Entry> entries = new ArrayList<>();
            Catalog base = kb.catalogs().get("blocking");
            if (base != null) entries.addAll(base.entries());
            for (Config.BlockingApi api : config.blockingApis()) {
                for (String n : api.names()) {
                    entries.add(new Catalog.Entry(n, api.kind(), api.severity(), api.replacement(),
                            "from " + config.file(), api.except()));
                }
            }
            Map<String, Catalog> merged = new TreeMap<>(kb.catalogs());
            merged.put("blocking", new Catalog("blocking", entries));
            catalogs = java.util.Collections.unmodifiableMap(merged);
        }

        Set<FindingKey> baseline = req.baseline() == null ? null : Baselines.read(req.baseline());
        if (baseline != null) {
            // Findings name rules by id; a baseline written before a rename names the old id (an alias).
            Set<FindingKey> canonical = new HashSet<>();
            for (FindingKey k : baseline) {
                RuleMeta m = kb.rule(k.rule());
                canonical.add(m == null ? k : new FindingKey(m.id(), k.file(), k.text(), k.occurrence()));
            }
            baseline = canonical;
        }

        BatchRun run = new BatchRun(req, kb, config, new InputFiles.Options(excludes, gitignore), target, baseline, catalogs);
        if (config != null) {
            for (String id : config.disable()) {
                String r = run.resolve(id);
                if (r == null) errors.add(config.where("disable") + ": `disable` names no rule id, alias or category of the knowledge base: '" + id + "'");
                else run.disabled.add(r);
            }
            for (var e : config.severity().entrySet()) {
                String r = run.resolve(e.getKey());
                if (r == null) errors.add(config.where("severity." + e.getKey()) + ": `severity` names no rule id, alias or category of the knowledge base: '" + e.getKey() + "'");
                else run.severities.put(r, e.getValue());
            }
        }
        for (String id : req.disabled()) {
            String r = run.resolve(id);
            if (r == null) errors.add("disable: no rule id, alias or category of the knowledge base is named '" + id + "'");
            else run.disabled.add(r);
        }
        for (var e : req.severities().entrySet()) {
            String r = run.resolve(e.getKey());
            if (r == null) errors.add("severity: no rule id, alias or category of the knowledge base is named '" + e.getKey() + "'");
            else if (!KnowledgeBase.SEVERITIES.contains(e.getValue())) errors.add("severity: " + e.getKey() + " must be one of " + KnowledgeBase.SEVERITIES);
            else run.severities.put(r, e.getValue());
        }
        if (!errors.isEmpty()) throw new AnalysisException(errors);
        return run;
    }

    /** "rule:AD101" for a rule id or alias, "category:blocking-call" for a category, null when the KB has neither. */
    String resolve(String idOrCategory) {
        RuleMeta m = kb.rule(idOrCategory);
        if (m != null) return "rule:" + m.id();
        for (RuleMeta r : kb.rules().values()) {
            if (r.category().equals(idOrCategory)) return "category:" + idOrCategory;
        }
        return null;
    }

    InputFiles.Options inputOptions() { return inputOptions; }

    /** The explicit or configured target version, or null (requires-python, else the default). */
    String targetVersion() { return targetVersion; }

    Map<String, Catalog> catalogs() { return catalogs; }

    Config config() { return config; }

    // --- progress and the parser threads

    void filesFound(int n) {
        total = n;
        req.progress().filesFound(n);
    }

    void phase(String name) { req.progress().phase(name); }

    void finished() { req.progress().finished(); }

    @Override
    public void read(String display, byte[] bytes, String text) {
        if (!req.honorSuppressions()) return;
        String source = null;
        try {
            if (text != null) {
                if (text.contains("asyncdoctor")) source = InputFiles.inline(display, text).text();
            } else if (bytes != null && contains(bytes, MARKER)) {
                source = InputFiles.decode(display, bytes).text();
            }
        } catch (SourceText.Undecodable e) {
            return; // the parser reports it
        }
        if (source == null) return;
        Suppressions.FileSuppressions fs = Suppressions.scan(source);
        if (fs != null) suppressions.put(display, fs);
    }

    @Override
    public void done() {
        req.progress().fileDone(done.incrementAndGet(), total);
    }

    /** Whether a file's bytes mention asyncdoctor: only such a file can carry inline suppressions. */
    static boolean mentionsTool(byte[] content) {
        return contains(content, MARKER);
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0, n = hay.length - needle.length; i <= n; i++) {
            if (hay[i] != needle[0]) continue;
            for (int j = 1; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return true;
        }
        return false;
    }

    // --- after the rules fired

    /**
     * Drops disabled and suppressed findings, applies severity overrides, computes every finding's key,
     * drops the findings of the baseline; rejected suppressions become diagnostics.
     */
    List<Finding> filter(List<Finding> all, Sources sources, List<Diagnostic> diags) {
        Set<String> known = new HashSet<>();
        for (RuleMeta m : kb.rules().values()) {
            known.add(m.id());
            known.add(m.category());
            known.addAll(m.aliases());
        }
        for (var e : new TreeMap<>(suppressions).entrySet()) {
            for (int line : e.getValue().bareLines()) {
                diags.add(Diagnostic.error(e.getKey(), line, "`# asyncdoctor: ignore` must name what it silences, e.g. "
                        + "`# asyncdoctor: ignore[blocking-call]` or `# asyncdoctor: ignore[AD101]`; nothing is suppressed here"));
            }
            for (var l : e.getValue().byLine().entrySet()) {
                for (String id : l.getValue()) {
                    if (!known.contains(id)) {
                        diags.add(Diagnostic.warning(e.getKey(), l.getKey(), "`# asyncdoctor: ignore[" + id + "]` names no rule id, alias or category"));
                    }
                }
            }
        }
        List<Finding> kept = new ArrayList<>();
        for (Finding f : all) {
            if (disabled.contains("rule:" + f.rule()) || disabled.contains("category:" + f.category())) {
                disabledCount++;
                continue;
            }
            String sev = severities.getOrDefault("rule:" + f.rule(), severities.get("category:" + f.category()));
            if (sev != null && !sev.equals(f.severity())) f = f.withSeverity(sev);
            Suppressions.FileSuppressions fs = suppressions.get(f.file());
            if (fs != null && silences(fs.on(f.line()), f)) {
                suppressedCount++;
                continue;
            }
            kept.add(f);
        }
        // Keys: occurrence counts identical lines of one rule in one file, in source order.
        List<Finding> ordered = new ArrayList<>(kept);
        ordered.sort(Comparator.comparing(Finding::file).thenComparingInt(Finding::line).thenComparingInt(Finding::column)
                .thenComparing(Finding::rule));
        Map<String, Integer> seen = new HashMap<>();
        Map<String, FindingKey> bySlot = new LinkedHashMap<>();
        for (Finding f : ordered) {
            String text = FindingKey.normalize(Suppressions.codeOf(sources.line(f.file(), f.line())));
            int occ = seen.merge(f.rule() + "\u0000" + f.file() + "\u0000" + text, 1, Integer::sum) - 1;
            bySlot.put(Report.slot(f), new FindingKey(f.rule(), f.file(), text, occ));
        }
        List<Finding> out = new ArrayList<>();
        Path baselineDir = req.baseline() == null ? null : Baselines.folderOf(req.baseline());
        for (Finding f : kept) {
            FindingKey k = bySlot.get(Report.slot(f));
            if (baseline != null && baseline.contains(k.withFile(Baselines.relativeTo(baselineDir, req.workingDirectory(), k.file())))) {
                baselinedCount++;
                continue;
            }
            keys.put(Report.slot(f), k);
            out.add(f);
        }
        return out;
    }

    private boolean silences(List<String> ids, Finding f) {
        for (String id : ids) {
            if (id.equals(f.category()) || id.equals(f.rule())) return true;
            RuleMeta m = kb.rule(id);
            if (m != null && m.id().equals(f.rule())) return true;
        }
        return false;
    }

    /** The report with notebook cell maps, finding keys and the filter counts. */
    Report complete(Report r, Map<String, Path> onDisk) {
        Map<String, NotebookCells> notebooks = new TreeMap<>();
        for (Finding f : r.allFindings()) {
            notebook(f.file(), onDisk, notebooks);
            for (Finding.ChainStep s : f.chain()) notebook(s.file(), onDisk, notebooks);
        }
        return new Report(r.toolVersion(), r.symptom(), r.findings(), r.unrelated(), r.summary(), r.snapshotRequest(),
                r.diagnostics(), r.stats(), notebooks, keys, new Report.Filtered(disabledCount, suppressedCount, baselinedCount));
    }

    private void notebook(String file, Map<String, Path> onDisk, Map<String, NotebookCells> out) {
        if (file == null || out.containsKey(file) || !Notebooks.isNotebook(file)) return;
        try {
            String json = req.sources().get(file);
            if (json == null) {
                Path p = onDisk.get(file);
                if (p == null) return;
                json = Files.readString(p, StandardCharsets.UTF_8);
            }
            Notebooks.Converted c = Notebooks.convert(json);
            List<NotebookCells.Cell> cells = new ArrayList<>();
            for (Notebooks.Cell cell : c.cells()) cells.add(new NotebookCells.Cell(cell.number(), cell.firstLine(), cell.lineCount()));
            out.put(file, new NotebookCells(file, cells));
        } catch (IOException | Notebooks.NotANotebook | RuntimeException e) {
            // The notebook was readable a moment ago; without its map the lines stay as they are.
        }
    }
}
