package asyncdoctor.cli;

import asyncdoctor.api.AnalysisException;
import asyncdoctor.api.AnalysisRequest;
import asyncdoctor.api.Analyzer;
import asyncdoctor.api.Report;
import asyncdoctor.extract.FactExtractor;
import asyncdoctor.extract.FileFacts;
import asyncdoctor.input.InputFiles;
import asyncdoctor.kb.KbException;
import asyncdoctor.kb.KnowledgeBase;
import asyncdoctor.parse.NativeLibraries;
import asyncdoctor.parse.PythonParser;
import asyncdoctor.parse.SourceText;
import asyncdoctor.report.JsonReport;
import asyncdoctor.report.TextReport;
import asyncdoctor.workbench.ExampleRunner;
import asyncdoctor.workbench.FactPrinter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line. Exit codes: 0 no findings, 1 findings, 2 usage, configuration or KB error.
 */
public final class Main {
    static final int OK = 0, FINDINGS = 1, USAGE = 2;

    private final PrintStream out;
    private final PrintStream err;

    Main(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true, StandardCharsets.UTF_8);
        int code = new Main(out, err).run(args);
        out.flush();
        System.exit(code);
    }

    static final String HELP = """
            asyncdoctor - find the asyncio footgun behind a hang, a blocked loop, lost tasks or leaks

            Usage:
              asyncdoctor check [OPTIONS] [PATH...]   analyze files and folders (recursive over .py)
              asyncdoctor facts [--json] FILE         print the facts lowered from a Python file
              asyncdoctor kb test [DIR]               run the annotated rule examples of a KB folder
              asyncdoctor --version | --help

            check options:
              --symptom TEXT          the symptom in your words; only findings that explain it are listed
              --snapshot FILE         a runtime snapshot (asyncio debug log, task dump, faulthandler, py-spy); repeatable
              --format text|json      output format (default text)
              --target-version V      Python version fixes must run on: py39 .. py314 (default: requires-python, else 3.9)
              --kb DIR                use this knowledge base folder instead of the built-in one
              --threads N             parser threads (default: all cores)

            Exit codes: 0 no findings, 1 findings, 2 usage, configuration or knowledge-base error.
            """;

    int run(String[] args) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            out.print(HELP);
            return args.length == 0 ? USAGE : OK;
        }
        if (args[0].equals("--version")) {
            out.println("asyncdoctor " + Analyzer.VERSION);
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
        String symptom;
        String format = "text";
        String targetVersion;
        Path kb;
        int threads = Runtime.getRuntime().availableProcessors();

        static CheckArgs parse(List<String> a) {
            CheckArgs c = new CheckArgs();
            for (int i = 0; i < a.size(); i++) {
                String s = a.get(i);
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
                        if (!List.of("text", "json").contains(c.format)) throw new UsageError("--format must be text or json, not '" + c.format + "'");
                    }
                    case "--target-version" -> {
                        c.targetVersion = value != null ? value : next(a, ++i, s);
                        if (asyncdoctor.api.TargetVersion.normalize(c.targetVersion) == null)
                            throw new UsageError("--target-version must look like py39 or 3.11, not '" + c.targetVersion + "'");
                    }
                    case "--kb" -> c.kb = Path.of(value != null ? value : next(a, ++i, s));
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
            kb = loadKb(c.kb);
        } catch (KbException e) {
            for (String m : e.messages()) err.println(m);
            return USAGE;
        }
        AnalysisRequest.Builder b = AnalysisRequest.builder().paths(c.paths).symptom(c.symptom)
                .targetVersion(c.targetVersion).threads(c.threads);
        c.snapshots.forEach(b::snapshot);
        Report report;
        try {
            report = new Analyzer(kb).analyze(b.build());
        } catch (AnalysisException e) {
            for (String m : e.messages()) err.println(m);
            return USAGE;
        }
        if (c.format.equals("json")) {
            out.print(JsonReport.render(report));
            for (String e : report.diagnostics().errors()) err.println(e);
            for (String w : report.diagnostics().warnings()) err.println(w);
        } else {
            out.print(TextReport.render(report));
        }
        if (!report.diagnostics().errors().isEmpty() && report.stats().filesParsed() == 0) return USAGE;
        return report.findings().isEmpty() && report.unrelated().isEmpty() ? OK : FINDINGS;
    }

    /** --kb DIR, else the folder the launcher names (-Dasyncdoctor.kb), else the copy in the jar. */
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
        List<String> files = args.stream().filter(a -> !a.startsWith("--")).toList();
        if (files.size() != 1) throw new UsageError("facts takes one FILE");
        Path p = Path.of(files.get(0));
        SourceText src;
        try {
            src = SourceText.decode(Files.readAllBytes(p));
        } catch (IOException e) {
            err.println(files.get(0) + ": cannot read: " + e.getMessage());
            return USAGE;
        } catch (SourceText.Undecodable e) {
            err.println(files.get(0) + ":" + e.line + ": " + e.getMessage());
            return USAGE;
        }
        FileFacts ff;
        try (PythonParser parser = new PythonParser()) {
            ff = FactExtractor.extract(InputFiles.display(p, Path.of("")), parser.parse(src));
        }
        for (var w : ff.warnings()) err.println(w);
        out.print(FactPrinter.render(ff.facts(), json));
        return OK;
    }

    private int kb(List<String> args) {
        if (args.isEmpty()) throw new UsageError("kb needs a subcommand: test");
        String sub = args.get(0);
        if (!sub.equals("test")) throw new UsageError("unknown kb subcommand '" + sub + "'");
        Path dir = args.size() > 1 ? Path.of(args.get(1)) : defaultKbDir();
        if (dir == null) throw new UsageError("kb test needs a DIR (no kb/ folder found)");
        KnowledgeBase kb;
        try {
            kb = KnowledgeBase.load(dir, dir.toString());
            kb.kieBase();
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

    private static Path defaultKbDir() {
        String prop = System.getProperty("asyncdoctor.kb");
        if (prop != null && Files.isDirectory(Path.of(prop))) return Path.of(prop);
        return Files.isDirectory(Path.of("kb")) ? Path.of("kb") : null;
    }

    static String coreInfo() { return NativeLibraries.coreSource(); }
}
