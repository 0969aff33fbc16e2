package asyncdoctor.cli;

import asyncdoctor.api.AnalysisException;
import asyncdoctor.api.AnalysisRequest;
import asyncdoctor.api.Analyzer;
import asyncdoctor.api.Baselines;
import asyncdoctor.api.Finding;
import asyncdoctor.api.ProgressListener;
import asyncdoctor.api.Report;
import asyncdoctor.extract.FactExtractor;
import asyncdoctor.extract.FileFacts;
import asyncdoctor.extract.ModuleNames;
import asyncdoctor.input.InputFiles;
import asyncdoctor.kb.KbException;
import asyncdoctor.kb.KnowledgeBase;
import asyncdoctor.parse.NativeLibraries;
import asyncdoctor.parse.PythonParser;
import asyncdoctor.parse.SourceText;
import asyncdoctor.report.JsonReport;
import asyncdoctor.report.SarifReport;
import asyncdoctor.report.TextReport;
import asyncdoctor.workbench.ExampleRunner;
import asyncdoctor.workbench.FactPrinter;
import asyncdoctor.workbench.KbDocs;
import asyncdoctor.workbench.KbLint;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line, built on the library API ({@link Analyzer}, {@link AnalysisRequest}, {@link Report}).
 * Exit codes: 0 no findings, 1 findings, 2 usage, configuration or KB error.
 */
public final class Main {
    static final int OK = 0, FINDINGS = 1, USAGE = 2;

    private final PrintStream out;
    private final PrintStream err;
    /** Only the real process draws progress (never tests that run Main in-process). */
    private boolean progressAllowed;

    Main(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true, StandardCharsets.UTF_8);
        Main m = new Main(out, err);
        m.progressAllowed = true;
        int code = m.run(args);
        out.flush();
        System.exit(code);
    }

    static final String HELP = """
            asyncdoctor - find the asyncio footgun behind a hang, a blocked loop, lost tasks or leaks

            Usage:
              asyncdoctor check [OPTIONS] [PATH...]   analyze files and folders (.py and .ipynb, recursively)
              asyncdoctor facts [--json] FILE         print the facts lowered from a Python file or notebook
              asyncdoctor kb test [DIR]               run the annotated rule examples of a KB folder
              asyncdoctor kb lint [DIR]               check the rules' metadata, docs and examples
              asyncdoctor kb docs [DIR] [--out DIR]   write the rules reference (Markdown)
              asyncdoctor --version | --help

            check options:
              --symptom TEXT          the symptom in your words; only findings that explain it are listed
              --snapshot FILE         a runtime snapshot (asyncio debug log, task dump, faulthandler, py-spy); repeatable
              --format text|json|sarif  output format (default text; sarif is SARIF 2.1.0 for code scanning)
              --fail-on LEVEL         exit 1 only for findings at least this severe: critical, warning or suggestion
                                      (default: any finding)
              --target-version V      Python version fixes must run on: py39 .. py314
                                      (default: [tool.asyncdoctor] target-version, else requires-python, else 3.9)
              --exclude GLOB          leave out files/folders matching a .gitignore-style pattern; repeatable
              --no-gitignore          do not honor .gitignore files
              --config FILE           read [tool.asyncdoctor] from FILE instead of the nearest pyproject.toml
              --no-config             do not read any pyproject.toml configuration
              --baseline FILE         report only findings not recorded in FILE
              --write-baseline FILE   record every current finding in FILE and exit 0
              --no-suppressions       ignore `# asyncdoctor: ignore[...]` comments (audit what they hide)
              --kb DIR                use this knowledge base folder instead of the built-in one
              --kb-extra DIR          add the rules and catalogs of DIR to the knowledge base; repeatable
              --threads N             threads for parsing and rule groups (default: all cores)
              --no-cache              do not reuse facts of unchanged files from earlier runs
              --files-from FILE       analyze the files listed in FILE, one path per line
              --no-progress           no progress line on stderr (it only appears on a terminal anyway)

            Exit codes: 0 no findings, 1 findings, 2 usage, configuration or knowledge-base error.
            """;

    int run(String[] args) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            out.print(HELP);
            return args.length == 0 ? USAGE : OK;
        }
        if (args[0].equals("--version")) {
            out.println("asyncdoctor " + Analyzer.VERSION);
            // The prebuilt fallbacks parse slower: say which libraries this machine runs.
            out.println("tree-sitter core: " + NativeLibraries.coreSource() + "; python grammar: " + NativeLibraries.grammarSource());
            return OK;
        }
        try {
            return switch (args[0]) {
                case "check" -> check(List.of(args).subList(1, args.length));
                case "facts" -> facts(List.of(args).subList(1, args.length));
                case "kb" -> kb(List.of(args).subList(1, args.length));
                default -> usage("unknown command '" + args[0] + "'");
            };
        } catch (UsageError e) {
            return usage(e.getMessage());
        }
    }

    private int usage(String message) {
        err.println("asyncdoctor: " + message);
        err.println("Try 'asyncdoctor --help'.");
        return USAGE;
    }

    static final class UsageError extends RuntimeException {
        UsageError(String m) { super(m); }
    }

    /** Parsed options of `check`. */
    static final class CheckArgs {
        final List<Path> paths = new ArrayList<>();
        final List<Path> snapshots = new ArrayList<>();
        final List<String> excludes = new ArrayList<>();
        final List<Path> kbExtra = new ArrayList<>();
        String symptom;
        String format = "text";
        String targetVersion;
        String failOn;
        Path kb;
        Path config;
        Path baseline;
        Path writeBaseline;
        boolean noConfig;
        boolean gitignore = true;
        boolean suppressions = true;
        boolean progress = true;
        int threads = Runtime.getRuntime().availableProcessors();
        boolean cache = true;

        static CheckArgs parse(List<String> a) {
            CheckArgs c = new CheckArgs();
            boolean onlyPaths = false;
            for (int i = 0; i < a.size(); i++) {
                String s = a.get(i);
                if (onlyPaths || s.equals("--")) {
                    if (onlyPaths) c.paths.add(Path.of(s));
                    onlyPaths = true;
                    continue;
                }
                String value = null;
                if (s.startsWith("--") && s.contains("=")) {
                    value = s.substring(s.indexOf('=') + 1);
                    s = s.substring(0, s.indexOf('='));
                }
                switch (s) {
                    case "--symptom" -> c.symptom = value != null ? value : next(a, ++i, s);
                    case "--snapshot" -> c.snapshots.add(Path.of(value != null ? value : next(a, ++i, s)));
                    case "--format" -> {
                        c.format = value != null ? value : next(a, ++i, s);
                        if (!List.of("text", "json", "sarif").contains(c.format)) throw new UsageError("--format must be text, json or sarif, not '" + c.format + "'");
                    }
                    case "--fail-on" -> {
                        c.failOn = value != null ? value : next(a, ++i, s);
                        if (!KnowledgeBase.SEVERITIES.contains(c.failOn)) throw new UsageError("--fail-on must be critical, warning or suggestion, not '" + c.failOn + "'");
                    }
                    case "--target-version" -> {
                        c.targetVersion = value != null ? value : next(a, ++i, s);
                        if (asyncdoctor.api.TargetVersion.normalize(c.targetVersion) == null)
                            throw new UsageError("--target-version must look like py39 or 3.11, not '" + c.targetVersion + "'");
                    }
                    case "--exclude" -> c.excludes.add(value != null ? value : next(a, ++i, s));
                    case "--no-gitignore" -> c.gitignore = false;
                    case "--config" -> c.config = Path.of(value != null ? value : next(a, ++i, s));
                    case "--no-config" -> c.noConfig = true;
                    case "--baseline" -> c.baseline = Path.of(value != null ? value : next(a, ++i, s));
                    case "--write-baseline" -> c.writeBaseline = Path.of(value != null ? value : next(a, ++i, s));
                    case "--no-suppressions" -> c.suppressions = false;
                    case "--kb" -> c.kb = Path.of(value != null ? value : next(a, ++i, s));
                    case "--kb-extra" -> c.kbExtra.add(Path.of(value != null ? value : next(a, ++i, s)));
                    case "--no-cache" -> c.cache = false;
                    case "--files-from" -> {
                        Path list = Path.of(value != null ? value : next(a, ++i, s));
                        try {
                            for (String line : Files.readAllLines(list)) if (!line.isBlank()) c.paths.add(Path.of(line.strip()));
                        } catch (IOException e) {
                            throw new UsageError("--files-from: cannot read " + list + ": " + e.getMessage());
                        }
                    }
                    case "--no-progress" -> c.progress = false;
                    case "--threads" -> {
                        String n = value != null ? value : next(a, ++i, s);
                        try {
                            c.threads = Integer.parseInt(n);
                        } catch (NumberFormatException e) {
                            throw new UsageError("--threads takes a number, not '" + n + "'");
                        }
                    }
                    default -> {
                        if (s.startsWith("-") && !s.equals("-")) throw new UsageError("unknown option '" + s + "'");
                        c.paths.add(Path.of(s));
                    }
                }
            }
            if (c.config != null && c.noConfig) throw new UsageError("--config and --no-config exclude each other");
            if (c.paths.isEmpty()) c.paths.add(Path.of("."));
            return c;
        }

        private static String next(List<String> a, int i, String opt) {
            if (i >= a.size()) throw new UsageError(opt + " needs a value");
            return a.get(i);
        }
    }

    private int check(List<String> args) {
        CheckArgs c = CheckArgs.parse(args);
        KnowledgeBase kb;
        try {
            kb = loadKb(c.kb, c.kbExtra);
        } catch (KbException e) {
            for (String m : e.messages()) err.println(m);
            return USAGE;
        }
        AnalysisRequest.Builder b = AnalysisRequest.builder().paths(c.paths).symptom(c.symptom)
                .targetVersion(c.targetVersion).threads(c.threads).cache(c.cache)
                .honorSuppressions(c.suppressions).discoverConfig(!c.noConfig).configFile(c.config);
        if (!c.gitignore) b.respectGitignore(false); // else the configuration's respect-gitignore (default true)
        c.excludes.forEach(b::exclude);
        c.snapshots.forEach(b::snapshot);
        // Writing a baseline records everything found now, so an older baseline is not applied then.
        if (c.baseline != null && c.writeBaseline == null) b.baseline(c.baseline);
        Progress progress = progressAllowed && c.progress && Progress.stderrIsTerminal() ? new Progress(err) : null;
        b.progress(progress == null ? ProgressListener.NONE : progress);
        Report report;
        try {
            report = new Analyzer(kb).analyze(b.build());
        } catch (AnalysisException e) {
            if (progress != null) progress.stop();
            for (String m : e.messages()) err.println(m);
            return USAGE;
        } finally {
            if (progress != null) progress.stop();
        }
        if (c.writeBaseline != null) {
            for (String e : report.diagnostics().errors()) err.println(e);
            if (!report.diagnostics().errors().isEmpty()) return USAGE;
            try {
                int n = Baselines.write(c.writeBaseline, report, Path.of("").toAbsolutePath());
                err.println("asyncdoctor: wrote " + n + " finding" + (n == 1 ? "" : "s") + " to the baseline " + c.writeBaseline);
                return OK;
            } catch (IOException e) {
                err.println(c.writeBaseline + ": cannot write the baseline: " + e.getMessage());
                return USAGE;
            }
        }
        switch (c.format) {
            case "json" -> {
                out.print(JsonReport.render(report));
                printDiagnostics(report);
            }
            case "sarif" -> {
                out.print(SarifReport.render(report, kb, Path.of("").toAbsolutePath()));
                printDiagnostics(report);
            }
            default -> out.print(TextReport.render(report));
        }
        asyncdoctor.util.Timings.phase("output", asyncdoctor.util.Timings.now());
        if (!report.diagnostics().errors().isEmpty()) return USAGE;
        return exitCode(report, c.failOn);
    }

    /** 1 when a finding is at least as severe as {@code failOn} (any finding when null), else 0. */
    static int exitCode(Report report, String failOn) {
        int limit = failOn == null ? 2 : KnowledgeBase.SEVERITIES.indexOf(failOn);
        for (Finding f : report.allFindings()) {
            if (KnowledgeBase.SEVERITIES.indexOf(f.severity()) <= limit) return FINDINGS;
        }
        return OK;
    }

    private void printDiagnostics(Report report) {
        for (String e : report.diagnostics().errors()) err.println(e);
        for (String w : report.diagnostics().warnings()) err.println(w);
    }

    /** --kb DIR, else the folder the launcher names (-Dasyncdoctor.kb), else the copy in the jar; plus --kb-extra folders. */
    static KnowledgeBase loadKb(Path explicit, List<Path> extra) throws KbException {
        KnowledgeBase kb = loadKb(explicit);
        for (Path p : extra) kb = kb.plus(p, p.toString().replace('\\', '/'));
        // Reading the files is cheap, compiling the DRL is not: reuse the compiled KB while its files
        // are unchanged (several runs in one JVM, e.g. the test suite); an edit gives a new hash.
        KnowledgeBase last = lastKb;
        if (last != null && last.hash().equals(kb.hash()) && last.displayRoot().equals(kb.displayRoot())) return last;
        lastKb = kb;
        return kb;
    }

    private static volatile KnowledgeBase lastKb;

    static KnowledgeBase loadKb(Path explicit) throws KbException {
        if (explicit != null) return KnowledgeBase.load(explicit, explicit.toString().replace('\\', '/'));
        String prop = System.getProperty("asyncdoctor.kb");
        if (prop != null && Files.isDirectory(Path.of(prop))) {
            Path p = Path.of(prop);
            return KnowledgeBase.load(p, InputFiles.display(p, Path.of("")));
        }
        return KnowledgeBase.bundled();
    }

    private int facts(List<String> args) {
        boolean json = args.contains("--json");
        for (String a : args) if (a.startsWith("--") && !a.equals("--json")) throw new UsageError("unknown option '" + a + "'");
        List<String> files = args.stream().filter(a -> !a.startsWith("--")).toList();
        if (files.size() != 1) throw new UsageError("facts takes one FILE");
        Path p = Path.of(files.get(0));
        SourceText src;
        try {
            src = InputFiles.read(p);
        } catch (IOException e) {
            err.println(files.get(0) + ": cannot read: " + e.getMessage());
            return USAGE;
        } catch (SourceText.Undecodable e) {
            err.println(files.get(0) + ":" + e.line + ": " + e.getMessage());
            return USAGE;
        }
        FileFacts ff;
        String display = InputFiles.display(p, Path.of(""));
        try (PythonParser parser = new PythonParser()) {
            ff = FactExtractor.extract(display, ModuleNames.moduleName(p.getFileName().toString()), parser.parse(src));
        }
        for (var w : ff.warnings()) err.println(w);
        out.print(FactPrinter.render(ff.facts(), json));
        return OK;
    }

    private int kb(List<String> args) {
        if (args.isEmpty()) throw new UsageError("kb needs a subcommand: test, lint or docs");
        String sub = args.get(0);
        List<String> rest = new ArrayList<>(args.subList(1, args.size()));
        Path outDir = null;
        for (int i = 0; i < rest.size(); i++) {
            if (rest.get(i).equals("--out") || rest.get(i).startsWith("--out=")) {
                if (!sub.equals("docs")) throw new UsageError("--out is an option of kb docs");
                String v = rest.get(i).startsWith("--out=") ? rest.get(i).substring(6) : i + 1 < rest.size() ? rest.remove(i + 1) : null;
                if (v == null) throw new UsageError("--out needs a folder");
                outDir = Path.of(v);
                rest.remove(i--);
            } else if (rest.get(i).startsWith("-")) {
                throw new UsageError("unknown option '" + rest.get(i) + "'");
            }
        }
        if (rest.size() > 1) throw new UsageError("kb " + sub + " takes at most one DIR");
        Path dir = !rest.isEmpty() ? Path.of(rest.get(0)) : defaultKbDir();
        if (dir == null) throw new UsageError("kb " + sub + " needs a DIR (no kb/ folder found)");
        String display = rest.isEmpty() ? InputFiles.display(dir, Path.of("")) : rest.get(0);
        return switch (sub) {
            case "test" -> kbTest(dir, display);
            case "lint" -> kbLint(dir, display);
            case "docs" -> kbDocs(dir, display, outDir);
            default -> throw new UsageError("unknown kb subcommand '" + sub + "' (test, lint or docs)");
        };
    }

    private int kbTest(Path dir, String display) {
        KnowledgeBase kb;
        try {
            kb = KnowledgeBase.load(dir, display);
            kb.ruleBases();
        } catch (KbException e) {
            for (String m : e.messages()) err.println(m);
            return USAGE;
        }
        Analyzer analyzer = new Analyzer(kb);
        int passed = 0, failed = 0;
        try {
            for (ExampleRunner.Case c : ExampleRunner.cases(dir)) {
                ExampleRunner.Outcome o = ExampleRunner.run(analyzer, c);
                if (o.passed()) {
                    passed++;
                    out.println("ok    " + c.name() + " (" + o.expectations() + " annotations)");
                } else {
                    failed++;
                    out.println("FAIL  " + c.name());
                    for (String f : o.failures()) out.println("        " + f);
                }
            }
        } catch (IOException e) {
            err.println(dir + ": cannot read examples: " + e.getMessage());
            return USAGE;
        }
        out.println(passed + " passed, " + failed + " failed");
        return failed == 0 ? OK : FINDINGS;
    }

    private int kbLint(Path dir, String display) {
        if (!Files.isDirectory(dir)) {
            err.println(display + ": not a knowledge-base folder");
            return USAGE;
        }
        KbLint.Result r = KbLint.run(dir, display);
        for (KbLint.Problem p : r.problems()) out.println(p);
        long errors = r.errors();
        out.println("kb lint: " + r.rules() + " rules, " + r.examples() + " examples: " + errors + " error" + (errors == 1 ? "" : "s")
                + ", " + (r.problems().size() - errors) + " warning" + (r.problems().size() - errors == 1 ? "" : "s"));
        if (r.rules() == 0 && errors > 0) return USAGE;
        // Which files fire together (kb/README.md, "Rule groups"): a new rule that reads another
        // group's derived facts merges the two groups, and the run loses a core.
        List<List<String>> groups = r.groups();
        for (int g = 0; g < groups.size(); g++) out.println("rule group " + (g + 1) + " of " + groups.size() + ": " + String.join(", ", groups.get(g)));
        return errors == 0 ? OK : FINDINGS;
    }

    private int kbDocs(Path dir, String display, Path outDir) {
        KnowledgeBase kb;
        try {
            kb = KnowledgeBase.load(dir, display);
        } catch (KbException e) {
            for (String m : e.messages()) err.println(m);
            return USAGE;
        }
        if (outDir == null) {
            out.print(KbDocs.single(kb));
            return OK;
        }
        try {
            Files.createDirectories(outDir);
            var pages = KbDocs.pages(kb);
            for (var p : pages.entrySet()) Files.writeString(outDir.resolve(p.getKey()), p.getValue(), StandardCharsets.UTF_8);
            err.println("asyncdoctor: wrote " + pages.size() + " pages to " + outDir);
            return OK;
        } catch (IOException e) {
            err.println(outDir + ": cannot write: " + e.getMessage());
            return USAGE;
        }
    }

    private static Path defaultKbDir() {
        String prop = System.getProperty("asyncdoctor.kb");
        if (prop != null && Files.isDirectory(Path.of(prop))) return Path.of(prop);
        return Files.isDirectory(Path.of("kb")) ? Path.of("kb") : null;
    }
}
