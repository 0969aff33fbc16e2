package asyncdoctor.api;

import asyncdoctor.engine.Engine;
import asyncdoctor.engine.FactIndex;
import asyncdoctor.engine.FindingTexts;
import asyncdoctor.engine.Reporter;
import asyncdoctor.engine.Sources;
import asyncdoctor.extract.Diagnostic;
import asyncdoctor.extract.Extraction;
import asyncdoctor.extract.FileFacts;
import asyncdoctor.extract.Linker;
import asyncdoctor.input.InputFiles;
import asyncdoctor.kb.KbException;
import asyncdoctor.kb.KnowledgeBase;
import asyncdoctor.kb.RuleMeta;
import asyncdoctor.parse.SourceText;
import asyncdoctor.symptom.SnapshotRequest;
import asyncdoctor.symptom.SymptomFacts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The analysis engine as a library: Python sources in, a {@link Report} out. Build one per knowledge
 * base and reuse it; {@link #analyze} is safe to call from several threads at once.
 *
 * <pre>
 * Analyzer analyzer = Analyzer.withBundledKnowledgeBase();
 * Report r = analyzer.analyze(AnalysisRequest.builder()
 *         .source("svc.py", "import time\nasync def h():\n    time.sleep(1)\n")
 *         .symptom("the service freezes under load").build());
 * </pre>
 */
public final class Analyzer {
    public static final String VERSION = versionOf();

    private final KnowledgeBase kb;

    public Analyzer(KnowledgeBase kb) {
        this.kb = kb;
    }

    /** The knowledge base shipped inside the jar. */
    public static Analyzer withBundledKnowledgeBase() throws AnalysisException {
        try {
            return new Analyzer(KnowledgeBase.bundled());
        } catch (KbException e) {
            throw new AnalysisException(e.messages());
        }
    }

    /** A knowledge base read from a folder (an analyst's copy of kb/). */
    public static Analyzer withKnowledgeBase(Path dir) throws AnalysisException {
        try {
            return new Analyzer(KnowledgeBase.load(dir, dir.toString()));
        } catch (KbException e) {
            throw new AnalysisException(e.messages());
        }
    }

    public KnowledgeBase knowledgeBase() { return kb; }

    /** Compiles the rules now (otherwise the first analysis does). */
    public void warmUp() throws AnalysisException {
        try {
            kb.ruleBases();
        } catch (KbException e) {
            throw new AnalysisException(e.messages());
        }
    }

    /**
     * Analyzes the request's files, folders and in-memory sources as one tree: collects the files
     * (honoring .gitignore, exclude globs and the [tool.asyncdoctor] configuration), parses them in
     * parallel, fires the rules over the facts of all modules at once, and returns the findings with
     * inline suppressions, disabled rules, severity overrides and the baseline applied. Safe to call
     * from several threads at once; the result is immutable.
     *
     * @throws AnalysisException when the knowledge base, the configuration, the baseline or the
     *         request is unusable (messages name file and line)
     */
    public Report analyze(AnalysisRequest req) throws AnalysisException {
        Path cwd = req.workingDirectory();
        BatchRun batch = BatchRun.prepare(req, kb);
        long t0 = asyncdoctor.util.Timings.now();
        InputFiles.Collected collected = InputFiles.collect(req.paths(), cwd, batch.inputOptions());
        batch.filesFound(collected.files().size() + req.sources().size());
        asyncdoctor.util.Timings.phase("collect files", t0);
        Path cacheRoot = asyncdoctor.parse.NativeLibraries.cacheRoot();
        // (hashes the jar: only when a cache is used)
        String build = req.cache() ? asyncdoctor.cache.BuildId.get() : null;
        // file stamps, the last plan and the last runs are kept per set of analyzed paths
        String pathsScope = scopeOf(req, cwd);
        // A rerun with nothing changed (inputs, configuration, snapshots, KB, tool) is answered from
        // the result cache without parsing or firing rules.
        asyncdoctor.cache.ResultCache results = req.cache() ? new asyncdoctor.cache.ResultCache(cacheRoot, build) : null;
        ResultKey scan = results == null ? null : resultKey(req, collected, cwd, cacheRoot, build, pathsScope);
        String resultKey = scan == null ? null : scan.key();
        if (scan != null) asyncdoctor.util.Timings.phase("  files read and hashed", t0);
        asyncdoctor.cache.LastRun lastRuns = scan == null || !req.sources().isEmpty() ? null
                : new asyncdoctor.cache.LastRun(cacheRoot, build, pathsScope);
        asyncdoctor.cache.FactsCache factsCache = req.cache()
                ? new asyncdoctor.cache.FactsCache(cacheRoot, build, scan == null ? Map.of() : scan.known()) : null;
        if (resultKey != null) {
            Report cached = results.get(resultKey);
            if (cached != null) {
                asyncdoctor.util.Timings.note("  result cache hit");
                // Later edits are compared with this tree (when its full run's entry is still kept).
                if (lastRuns != null) lastRuns.resume(resultKey);
                return cached;
            }
        }
        if (lastRuns != null) {
            Report same = lastReport(req, collected, scan, lastRuns, results, factsCache);
            if (same != null) {
                batch.phase("reporting: the changed files' facts are as the last run saw them, reusing its report");
                asyncdoctor.util.Timings.phase("the last run's report (the changed files' facts and read lines are as it saw them)", t0);
                results.put(resultKey, same);
                batch.finished();
                return same;
            }
            asyncdoctor.util.Timings.phase("  the last run's report does not hold", t0);
        }
        // Compile (or read) the rules on another thread while files are parsed; not before the result
        // cache has missed, so a rerun with nothing changed does not spend a core on it. With one
        // thread (--threads 1) that is done after parsing, on this thread: one thread means one.
        var compiled = new java.util.concurrent.CompletableFuture<KbException>();
        Runnable compile = () -> {
            try {
                kb.ruleBases();
                compiled.complete(null);
            } catch (KbException e) {
                compiled.complete(e);
            } catch (RuntimeException e) {
                compiled.complete(new KbException(List.of(kb.displayRoot() + ": " + e)));
            }
        };
        if (req.threads() > 1) {
            Thread compiler = new Thread(() -> {
                // Reading the compiled rules back is needed only when the rules fire: it runs on cores
                // the parse workers leave idle (a compile, seconds long, keeps its priority beside
                // them). Also on reruns after an edit: facts decoded from the cache, the linking and
                // the scope decide whether the last firing is reused (then the rules are never read),
                // and the read still ends before the rules would need it (both measured on the corpus).
                if (kb.compiledFormCached()) asyncdoctor.util.IdleCpu.lowerCurrentThread();
                compile.run();
            }, "asyncdoctor-kb");
            compiler.setDaemon(true);
            compiler.start();
        }

        List<Diagnostic> diags = new ArrayList<>(collected.problems());
        long t1 = asyncdoctor.util.Timings.now();
        asyncdoctor.extract.Planner.Memory plans = scan == null ? null : new asyncdoctor.cache.PlanCache(cacheRoot, build, pathsScope, scan.known());
        asyncdoctor.extract.Planner.Plan plan = asyncdoctor.extract.Planner.run(collected.files(), req.sources(), req.threads(), true,
                factsCache, batch, scan == null ? null : scan.roots(), plans);
        Extraction.Outcome outcome = plan.outcome();
        asyncdoctor.util.Timings.phase("parse + extract", t1);
        asyncdoctor.util.Timings.note("  files parsed " + plan.filesParsed() + " of " + plan.filesSeen() + " in " + plan.rounds() + " rounds"
                + (plan.reused() ? " (the last run's)" : ""));
        diags.addAll(outcome.diagnostics());
        List<FileFacts> files = new ArrayList<>(outcome.files());
        files.sort(Comparator.comparing(f -> f.module().id()));
        long t2 = asyncdoctor.util.Timings.now();
        batch.phase("linking");
        // The planner's rounds built the linker's tables already, unless a name was defined twice.
        Linker linker = plan.linkerTables() != null ? new Linker(plan.linkerTables()) : new Linker(files);
        asyncdoctor.util.Timings.phase(plan.linkerTables() != null ? "  linker tables (the planner's)" : "  linker tables", t2);
        linker.link(files);
        asyncdoctor.util.Timings.phase("link", t2);
        asyncdoctor.util.Timings.note("  linker cutoffs " + linker.cutoffs());

        List<Object> extra = new ArrayList<>(SymptomFacts.from(req.symptom(), kb.cues()));
        // One target version for the rules (wait_for before 3.12, ...) and for the fix texts.
        String target = TargetVersion.resolve(batch.targetVersion(), req.paths().isEmpty() ? cwd : req.paths().get(0));
        extra.add(asyncdoctor.facts.TargetPython.of(target));
        // Runtime snapshots (--snapshot): parsed into facts whose paths are mapped onto the tree.
        asyncdoctor.snapshot.CodeMap codeMap = req.snapshots().isEmpty() ? null
                : new asyncdoctor.snapshot.CodeMap(files, collected.files().stream().map(InputFiles.Input::display).toList());
        int snapIndex = 0;
        for (Path snap : req.snapshots()) {
            String shown = InputFiles.display(snap, cwd);
            if (!Files.isRegularFile(snap)) {
                diags.add(Diagnostic.error(shown, 0, "snapshot not found"));
                continue;
            }
            var parsed = asyncdoctor.snapshot.SnapshotParser.parse(snap, shown, ++snapIndex, codeMap);
            extra.addAll(parsed.facts());
            diags.addAll(parsed.diagnostics());
        }

        Engine.Result result;
        long t3 = asyncdoctor.util.Timings.now();
        try {
            batch.phase("reasoning");
            var hits = Engine.catalogHits(files, batch.catalogs(), req.threads());
            asyncdoctor.util.Timings.phase("  catalog hits", t3);
            List<FileFacts> session = files;
            if (req.snapshots().isEmpty() && !"all".equals(System.getProperty("asyncdoctor.scope"))) {
                // Only facts of functions that can take part in a finding go into the session (see
                // AsyncScope; -Dasyncdoctor.scope=all keeps every fact, for analysts writing rules about
                // other code). Snapshot runs keep every fact: a runtime stack may point anywhere.
                asyncdoctor.extract.AsyncScope scope = asyncdoctor.extract.AsyncScope.of(files, Engine.asyncApi(hits), req.threads());
                session = scope.narrow(files, req.threads());
                asyncdoctor.util.Timings.phase("  async scope (" + scope.size() + " functions)", t3);
            }
            // The last firing's result when the facts that go into the sessions are as it saw them
            // (an edit that no rule can see; snapshot facts are part of the key like any other).
            asyncdoctor.cache.FiringCache firings = req.cache() ? new asyncdoctor.cache.FiringCache(cacheRoot, build) : null;
            String firingKey = firings == null ? null
                    : asyncdoctor.cache.FiringCache.key(kb.hash(), KnowledgeBase.maxGroups(), session, hits, extra, req.threads());
            result = firingKey == null ? null : firings.get(firingKey);
            if (result != null) {
                batch.phase("reasoning: the rules' facts are unchanged, reusing the last firing");
                asyncdoctor.util.Timings.phase("rules: the last run's firing (same facts)", t3);
            } else {
                // The compiled rules are needed only now: a run that reuses a firing never reads them.
                if (req.threads() <= 1) compile.run();
                KbException kbError;
                try {
                    kbError = compiled.get();
                } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
                    kbError = new KbException(List.of("kb: " + e));
                }
                asyncdoctor.util.Timings.phase("  wait for kb compile", t3);
                if (kbError != null) throw new AnalysisException(kbError.messages());
                result = new Engine(kb).run(session, extra, hits, req.threads());
                asyncdoctor.util.Timings.phase("rules", t3);
                if (firingKey != null) firings.put(firingKey, result);
            }
        } catch (KbException e) {
            throw new AnalysisException(e.messages());
        }
        String symptomClass = req.symptom() == null ? "unknown" : result.symptomClass();

        Map<String, Path> onDisk = new LinkedHashMap<>();
        for (InputFiles.Input in : collected.files()) onDisk.put(in.display(), in.path());
        Sources sources = new Sources(m -> {
            Path p = onDisk.get(m);
            try {
                if (req.sources().containsKey(m)) return InputFiles.inline(m, req.sources().get(m));
                return p == null ? null : InputFiles.read(p);
            } catch (IOException | SourceText.Undecodable e) {
                return null;
            }
        });
        FactIndex factIndex = new FactIndex(files);
        FindingTexts texts = new FindingTexts(kb, factIndex, sources, target);
        List<Finding> all = new ArrayList<>();
        Map<Finding, List<String>> observed = new java.util.IdentityHashMap<>();
        for (Reporter.Raw raw : result.raws()) {
            Finding f = texts.render(raw, symptomClass);
            if (f != null) all.add(f);
            if (f != null && raw.vars().containsKey("evidence")) observed.put(f, asyncdoctor.snapshot.EvidenceLinker.observations(raw));
        }
        // Runtime evidence (Evidence facts of kb/snapshot/) attached to the findings it confirms.
        List<asyncdoctor.snapshot.Evidence> evidence = new ArrayList<>();
        for (Object o : result.derived()) if (o instanceof asyncdoctor.snapshot.Evidence e) evidence.add(e);
        all = asyncdoctor.snapshot.EvidenceLinker.link(all, observed, evidence, factIndex);
        all = dedupe(all);
        asyncdoctor.util.Timings.phase("render findings", t3);
        batch.phase("reporting");
        all = batch.filter(all, sources, diags);

        List<Finding> findings = new ArrayList<>();
        List<Finding> unrelated = new ArrayList<>();
        boolean classified = req.symptom() != null && !symptomClass.equals("unknown");
        for (Finding f : all) {
            RuleMeta m = kb.rule(f.rule());
            if (!classified || m.explains(symptomClass)) findings.add(f);
            else unrelated.add(f);
        }
        // Categories a quoted runtime message in the symptom names directly rank first after evidence.
        java.util.Set<String> quoted = new java.util.HashSet<>();
        for (asyncdoctor.facts.SymptomCue c : result.cues()) if (c.category() != null) quoted.add(c.category());
        findings.sort(rank(symptomClass, quoted));
        unrelated.sort(rank(symptomClass, quoted));

        int crit = 0, warn = 0, sugg = 0;
        for (Finding f : findings) {
            switch (f.severity()) { case "critical" -> crit++; case "warning" -> warn++; default -> sugg++; }
        }
        // With a symptom of no known class, only runtime-confirmed findings can be said to explain it.
        boolean explained = req.symptom() != null && !classified
                ? findings.stream().anyMatch(f -> !f.evidence().isEmpty() && !f.severity().equals("suggestion"))
                : crit + warn > 0;
        boolean needsSnapshot = req.symptom() != null && !explained;
        String snapshotRequest = needsSnapshot ? SnapshotRequest.forClass(symptomClass, kb.snapshotRequests()) : null;

        List<String> warnings = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        diags.sort(Comparator.comparing(Diagnostic::file).thenComparingInt(Diagnostic::line));
        for (Diagnostic d : diags) (d.level().equals("error") ? errors : warnings).add(d.toString());
        long lines = 0;
        for (FileFacts ff : files) lines += ff.lines();
        Report report = new Report(VERSION, new Symptom(req.symptom(), symptomClass), findings, unrelated,
                new Summary(crit, warn, sugg, explained, needsSnapshot), snapshotRequest,
                new Diagnostics(warnings, errors),
                new Report.Stats(collected.files().size() + req.sources().size(), files.size(), lines));
        batch.finished();
        // The completed report (finding keys, notebook cells, filter counts) is what a rerun returns.
        Report done = batch.complete(report, onDisk);
        asyncdoctor.util.Timings.phase("report", t3);
        if (resultKey != null) results.put(resultKey, done);
        if (lastRuns != null) {
            Map<String, Integer> parsedLines = new java.util.HashMap<>();
            for (FileFacts ff : files) parsedLines.put(ff.module().id(), ff.lines());
            Map<String, asyncdoctor.cache.LastRun.FileState> states = new java.util.HashMap<>();
            scan.known().forEach((display, k) -> states.put(display,
                    new asyncdoctor.cache.LastRun.FileState(k.digest(), k.root(), k.mentionsTool(), parsedLines.getOrDefault(display, -1))));
            lastRuns.save(new asyncdoctor.cache.LastRun.Entry(scan.settings(), states, sources.reads(), resultKey));
        }
        asyncdoctor.util.Timings.phase("caches written", t3);
        return done;
    }

    /**
     * The last full run's report when this run would make the same one (see {@link #sameFactsAsLastRun}),
     * else null. A failure on the way only loses the shortcut: the full run reports whatever went wrong.
     */
    private Report lastReport(AnalysisRequest req, InputFiles.Collected collected, ResultKey scan,
                              asyncdoctor.cache.LastRun lastRuns, asyncdoctor.cache.ResultCache results,
                              asyncdoctor.cache.FactsCache facts) {
        // Changed files will be parsed whichever way this run goes: load the grammar and the parser's
        // native code meanwhile (a tenth of a second in a fresh JVM).
        Thread warm = new Thread(() -> new asyncdoctor.parse.PythonParser().close(), "asyncdoctor-parser-warmup");
        warm.setDaemon(true);
        warm.start();
        try {
            asyncdoctor.cache.LastRun.Entry last = lastRuns.load();
            if (last == null || !last.settings().equals(scan.settings())) return null;
            // The report is read only once the changed files are known to keep their facts: an edit
            // that changes them (most edits of code) does not pay for decoding it.
            Long lineDelta = sameFactsAsLastRun(req, collected, scan, last, facts);
            Report r = lineDelta == null ? null : results.get(last.report());
            if (r == null) return null;
            Report.Stats stats = new Report.Stats(r.stats().filesSeen(), r.stats().filesParsed(), r.stats().lines() + lineDelta);
            return new Report(r.toolVersion(), r.symptom(), r.findings(), r.unrelated(), r.summary(), r.snapshotRequest(), r.diagnostics(),
                    stats, r.notebooks(), r.keys(), r.filtered());
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** More changed files than this are not worth checking one by one against the last run. */
    private static final int MAX_CHANGED_FOR_LAST_REPORT = 16;

    /**
     * How many lines the parsed files have more than when the last run read them, when this run would
     * make the last run's report (all else in it the same); null otherwise. It would when the
     * settings (KB, options, configuration, file list, snapshots, baseline) are the same (the caller
     * checks them) and every file
     * whose content changed (a few at most)
     * <ul>
     * <li>is not a notebook, and mentions asyncdoctor neither before nor now (inline suppressions are
     *     read from the text, not the facts),
     * <li>has async code now exactly when it had before, and
     * <li>if the last run parsed it: lowers to the same facts and warnings as its earlier content did
     *     (the facts cache still holds those), and reads the same on every line the report read from
     *     it (texts, suppressions and finding keys quote lines). If not, nothing read it.
     * </ul>
     * Then the planner parses the same files (it follows only names in parsed files' facts), linking,
     * scoping and the rules see the same facts, and rendering and filtering read the same lines. Only
     * the count of lines differs (by what this returns). The entry stays that of the full run: later
     * edits are compared with it too (each changed file's facts with those of its content then), until
     * a full run replaces it.
     */
    private Long sameFactsAsLastRun(AnalysisRequest req, InputFiles.Collected collected, ResultKey scan,
                                    asyncdoctor.cache.LastRun.Entry last, asyncdoctor.cache.FactsCache facts) {
        List<InputFiles.Input> parse = new ArrayList<>();
        int changed = 0;
        for (InputFiles.Input in : collected.files()) {
            asyncdoctor.cache.FileStamps.Known now = scan.known().get(in.display());
            asyncdoctor.cache.LastRun.FileState before = last.files().get(in.display());
            if (now == null || before == null) return null;
            if (before.sameContent(now.digest())) continue;
            if (now.root() != before.root() || now.mentionsTool() || before.mentionsTool() || asyncdoctor.input.Notebooks.isNotebook(in.display())) return null;
            if (before.parsed()) parse.add(in);
            else if (last.reads().containsKey(in.display())) return null;
            if (++changed > MAX_CHANGED_FOR_LAST_REPORT) return null;
        }
        Extraction.Outcome outcome = Extraction.run(parse, Map.of(), req.threads(), facts, null);
        if (outcome.files().size() != parse.size() || !outcome.diagnostics().isEmpty()) return null;
        long lines = 0;
        Map<String, Path> paths = new java.util.HashMap<>();
        for (InputFiles.Input in : parse) paths.put(in.display(), in.path());
        for (FileFacts ff : outcome.files()) {
            String display = ff.module().id();
            asyncdoctor.cache.LastRun.FileState before = last.files().get(display);
            if (before == null || !paths.containsKey(display)) return null;
            FileFacts earlier = facts.earlier(display, ff.module().name(), before.digest());
            if (earlier == null || !earlier.module().equals(ff.module()) || !earlier.facts().equals(ff.facts())
                    || !earlier.warnings().equals(ff.warnings())) return null;
            Map<Integer, String> read = last.reads().getOrDefault(display, Map.of());
            if (!read.isEmpty()) {
                SourceText text;
                try {
                    text = InputFiles.read(paths.get(display));
                } catch (IOException | SourceText.Undecodable e) {
                    return null;
                }
                for (var r : read.entrySet()) if (!text.line(r.getKey()).equals(r.getValue())) return null;
            }
            lines += ff.lines() - before.parsedLines();
        }
        return lines;
    }

    /** One finding per category and line: the most severe, then the shortest chain. */
    private static List<Finding> dedupe(List<Finding> all) {
        Map<String, Finding> best = new LinkedHashMap<>();
        for (Finding f : all) {
            String key = f.category() + "|" + f.file() + "|" + f.line();
            Finding old = best.get(key);
            if (old == null || better(f, old)) best.put(key, f);
        }
        return new ArrayList<>(best.values());
    }

    private static boolean better(Finding a, Finding b) {
        int sa = severityRank(a.severity()), sb = severityRank(b.severity());
        if (sa != sb) return sa < sb;
        if (a.chain().size() != b.chain().size()) return a.chain().size() < b.chain().size();
        if (a.column() != b.column()) return a.column() < b.column();
        return a.rule().compareTo(b.rule()) < 0;
    }

    static int severityRank(String s) {
        return switch (s) { case "critical" -> 0; case "warning" -> 1; default -> 2; };
    }

    /**
     * Confirmed by a snapshot first, then findings of a category that a runtime message quoted in the
     * symptom names, then by severity, then by how directly the rule's mechanism explains the symptom
     * class (the order of the rule's `symptoms`), then in source order.
     */
    private Comparator<Finding> rank(String symptomClass, java.util.Set<String> quotedCategories) {
        return Comparator.<Finding>comparingInt(f -> f.evidence().isEmpty() ? 1 : 0)
                .thenComparingInt(f -> quotedCategories.contains(f.category()) ? 0 : 1)
                .thenComparingInt(f -> severityRank(f.severity()))
                .thenComparingInt(f -> {
                    RuleMeta m = kb.rule(f.rule());
                    int i = m == null ? -1 : m.symptoms().indexOf(symptomClass);
                    return i < 0 ? 99 : i;
                })
                .thenComparing(Finding::file)
                .thenComparingInt(Finding::line)
                .thenComparingInt(Finding::column)
                .thenComparing(Finding::rule);
    }

    /**
     * The result cache's key, the same without the files' contents (the settings), and what the key's
     * read learned about each file (by display).
     */
    private record ResultKey(String key, String settings, Map<String, asyncdoctor.cache.FileStamps.Known> known) {
        /** The files with async code (displays), for the planner. */
        java.util.Set<String> roots() {
            java.util.Set<String> out = new java.util.HashSet<>();
            known.forEach((display, k) -> { if (k.root()) out.add(display); });
            return out;
        }
    }

    /**
     * Everything that decides a report: the KB, the request (options, inline sources), every input
     * file's path and content, the snapshots' content, and the configuration files that could apply.
     * Null when an input cannot be read (then the run is done, and reported, in full).
     */
    private ResultKey resultKey(AnalysisRequest req, InputFiles.Collected collected, Path cwd, Path cacheRoot, String build, String pathsScope) {
        try {
            // The settings: everything that decides a report but the files' contents (for reusing the
            // last report after edits that leave the facts as they were). The result cache's key is
            // the settings' digest and the contents.
            asyncdoctor.cache.ResultCache.Key settings = new asyncdoctor.cache.ResultCache.Key()
                    .add("kb", kb.hash()).add("request", fingerprint(req)).add("cwd", cwd.toString());
            // Files are read and hashed in parallel, then added to the key in their (sorted) order.
            // The planner needs to know which of them have async code: the same read answers that.
            // A file whose size, times and inode are as the last run saw them is not read again.
            Map<String, asyncdoctor.cache.FileStamps.Known> byDisplay = new java.util.concurrent.ConcurrentHashMap<>();
            asyncdoctor.cache.FileStamps stamps = asyncdoctor.cache.FileStamps.load(cacheRoot, build, pathsScope);
            List<byte[]> digests = asyncdoctor.util.Parallel.map(collected.files(), req.threads(), in -> {
                try {
                    String path = in.path().toAbsolutePath().toString();
                    asyncdoctor.cache.FileStamps.Stat stat = asyncdoctor.cache.FileStamps.stat(in.path());
                    asyncdoctor.cache.FileStamps.Known known = stamps.unchanged(path, stat);
                    if (known == null) {
                        byte[] content = Files.readAllBytes(in.path());
                        known = new asyncdoctor.cache.FileStamps.Known(asyncdoctor.cache.FileStamps.sha256(content),
                                asyncdoctor.extract.Planner.isRoot(in, content), BatchRun.mentionsTool(content));
                        stamps.learned(path, stat, known);
                    }
                    byDisplay.put(in.display(), known);
                    return known.digest();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(new IOException(in.display(), e));
                }
            });
            stamps.save();
            for (InputFiles.Input in : collected.files()) settings.add("file", in.display() + "|" + in.rootRelative());
            for (Object problem : collected.problems()) settings.add("problem", problem.toString());
            for (Path snap : req.snapshots()) addFile("snapshot", snap, settings);
            addFile("baseline", req.baseline(), settings);
            // pyproject.toml (configuration, requires-python) anywhere above the analyzed paths.
            java.util.Set<Path> seen = new java.util.TreeSet<>();
            for (Path p : req.paths().isEmpty() ? List.of(cwd) : req.paths()) {
                for (Path d = p.toAbsolutePath().normalize(); d != null; d = d.getParent()) {
                    Path py = d.resolve("pyproject.toml");
                    if (seen.add(py)) addFile("config", py, settings);
                }
            }
            addFile("config-file", req.configFile(), settings);
            String settingsDigest = settings.digest();
            asyncdoctor.cache.ResultCache.Key key = new asyncdoctor.cache.ResultCache.Key().add("settings", settingsDigest);
            for (byte[] digest : digests) key.add("content", digest);
            return new ResultKey(key.digest(), settingsDigest, byDisplay);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Adds a file's content to the key, when there is such a file. */
    private static void addFile(String label, Path file, asyncdoctor.cache.ResultCache.Key key) throws IOException {
        if (file != null && Files.isRegularFile(file)) key.add(label, Files.readAllBytes(file));
    }

    /** The analyzed paths, as the file stamps and the planner's last plan are kept per set of them. */
    private static String scopeOf(AnalysisRequest req, Path cwd) {
        StringBuilder scope = new StringBuilder(cwd.toString());
        for (Path p : req.paths()) scope.append('\n').append(p.toAbsolutePath().normalize());
        return scope.toString();
    }

    /** The request's options in a fixed order (thread count and progress listener do not change results). */
    private static String fingerprint(AnalysisRequest r) {
        StringBuilder sb = new StringBuilder();
        for (Path p : r.paths()) sb.append("path=").append(p.toAbsolutePath().normalize()).append('\n');
        new java.util.TreeMap<>(r.sources()).forEach((k, v) -> sb.append("source=").append(k).append('\n').append(v).append('\0'));
        sb.append("symptom=").append(r.symptom()).append('\n');
        for (Path p : r.snapshots()) sb.append("snapshot=").append(p.toAbsolutePath().normalize()).append('\n');
        sb.append("target=").append(r.targetVersion()).append('\n');
        sb.append("excludes=").append(r.excludes()).append('\n');
        sb.append("gitignore=").append(r.respectGitignore()).append('\n');
        sb.append("config=").append(r.configFile()).append(' ').append(r.discoverConfig()).append('\n');
        sb.append("baseline=").append(r.baseline()).append('\n');
        sb.append("suppressions=").append(r.honorSuppressions()).append('\n');
        sb.append("disabled=").append(new java.util.TreeSet<>(r.disabled())).append('\n');
        sb.append("severities=").append(new java.util.TreeMap<>(r.severities())).append('\n');
        return sb.toString();
    }

    private static String versionOf() {
        String v = Analyzer.class.getPackage().getImplementationVersion();
        return v != null ? v : "0.1.0";
    }
}
