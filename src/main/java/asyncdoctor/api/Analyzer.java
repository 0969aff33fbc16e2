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
            kb.kieBase();
        } catch (KbException e) {
            throw new AnalysisException(e.messages());
        }
    }

    public Report analyze(AnalysisRequest req) throws AnalysisException {
        // Compile the rules on another thread while files are parsed: each takes about a second cold.
        var compiled = new java.util.concurrent.CompletableFuture<KbException>();
        Thread compiler = new Thread(() -> {
            try {
                kb.kieBase();
                compiled.complete(null);
            } catch (KbException e) {
                compiled.complete(e);
            } catch (RuntimeException e) {
                compiled.complete(new KbException(List.of(kb.displayRoot() + ": " + e)));
            }
        }, "asyncdoctor-kb");
        compiler.setDaemon(true);
        compiler.start();

        Path cwd = req.workingDirectory();
        InputFiles.Collected collected = InputFiles.collect(req.paths(), cwd, null);
        List<Diagnostic> diags = new ArrayList<>(collected.problems());
        Extraction.Outcome outcome = Extraction.run(collected.files(), req.sources(), req.threads());
        diags.addAll(outcome.diagnostics());
        List<FileFacts> files = new ArrayList<>(outcome.files());
        files.sort(Comparator.comparing(f -> f.module().id()));
        new Linker(files).link(files);

        List<Object> extra = new ArrayList<>(SymptomFacts.from(req.symptom(), kb.cues()));
        for (Path snap : req.snapshots()) {
            if (!Files.isRegularFile(snap)) diags.add(Diagnostic.error(InputFiles.display(snap, cwd), 0, "snapshot not found"));
        }

        KbException kbError;
        try {
            kbError = compiled.get();
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            kbError = new KbException(List.of("kb: " + e));
        }
        if (kbError != null) throw new AnalysisException(kbError.messages());

        Engine.Result result;
        try {
            result = new Engine(kb).run(files, extra);
        } catch (KbException e) {
            throw new AnalysisException(e.messages());
        }
        String symptomClass = req.symptom() == null ? "unknown" : result.symptomClass();
        Path versionBase = req.paths().isEmpty() ? cwd : req.paths().get(0);
        String target = TargetVersion.resolve(req.targetVersion(), versionBase);

        Map<String, Path> onDisk = new LinkedHashMap<>();
        for (InputFiles.Input in : collected.files()) onDisk.put(in.display(), in.path());
        Sources sources = new Sources(m -> {
            if (req.sources().containsKey(m)) return SourceText.of(req.sources().get(m));
            Path p = onDisk.get(m);
            try {
                return p == null ? null : SourceText.decode(Files.readAllBytes(p));
            } catch (IOException | SourceText.Undecodable e) {
                return null;
            }
        });
        FindingTexts texts = new FindingTexts(kb, new FactIndex(files), sources, target);
        List<Finding> all = new ArrayList<>();
        for (Reporter.Raw raw : result.raws()) {
            Finding f = texts.render(raw, symptomClass);
            if (f != null) all.add(f);
        }
        all = dedupe(all);

        List<Finding> findings = new ArrayList<>();
        List<Finding> unrelated = new ArrayList<>();
        boolean classified = req.symptom() != null && !symptomClass.equals("unknown");
        for (Finding f : all) {
            RuleMeta m = kb.rule(f.rule());
            if (!classified || m.explains(symptomClass)) findings.add(f);
            else unrelated.add(f);
        }
        findings.sort(rank(symptomClass));
        unrelated.sort(rank(symptomClass));

        int crit = 0, warn = 0, sugg = 0;
        for (Finding f : findings) {
            switch (f.severity()) { case "critical" -> crit++; case "warning" -> warn++; default -> sugg++; }
        }
        boolean explained = crit + warn > 0;
        boolean needsSnapshot = req.symptom() != null && !explained;
        String snapshotRequest = needsSnapshot ? SnapshotRequest.forClass(symptomClass, kb.snapshotRequests()) : null;

        List<String> warnings = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        diags.sort(Comparator.comparing(Diagnostic::file).thenComparingInt(Diagnostic::line));
        for (Diagnostic d : diags) (d.level().equals("error") ? errors : warnings).add(d.toString());
        long lines = 0;
        for (FileFacts ff : files) lines += ff.lines();
        return new Report(VERSION, new Symptom(req.symptom(), symptomClass), findings, unrelated,
                new Summary(crit, warn, sugg, explained, needsSnapshot), snapshotRequest,
                new Diagnostics(warnings, errors),
                new Report.Stats(collected.files().size() + req.sources().size(), files.size(), lines));
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

    /** Confirmed by a snapshot first, then by severity, then in source order. */
    private static Comparator<Finding> rank(String symptomClass) {
        return Comparator.<Finding>comparingInt(f -> f.evidence().isEmpty() ? 1 : 0)
                .thenComparingInt(f -> severityRank(f.severity()))
                .thenComparing(Finding::file)
                .thenComparingInt(Finding::line)
                .thenComparingInt(Finding::column)
                .thenComparing(Finding::rule);
    }

    private static String versionOf() {
        String v = Analyzer.class.getPackage().getImplementationVersion();
        return v != null ? v : "0.1.0";
    }
}
