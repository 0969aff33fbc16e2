package asyncdoctor.extract;

import asyncdoctor.input.InputFiles;
import asyncdoctor.parse.PythonParser;
import asyncdoctor.parse.SourceText;
import asyncdoctor.parse.SyntaxTree;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Parses and lowers files in parallel, one tree-sitter parser per worker thread. A file that cannot
 * be read, decoded or lowered becomes a diagnostic that names it; the other files go on.
 */
public final class Extraction {
    /** Deep nesting (thousands of levels) recurses deeply in the extractor: give workers large stacks. */
    private static final long WORKER_STACK = 512L * 1024 * 1024;

    public record Outcome(List<FileFacts> files, List<Diagnostic> diagnostics) {}

    private Extraction() {}

    public static Outcome run(List<InputFiles.Input> inputs, Map<String, String> inlineSources, int threads) {
        List<Job> jobs = new ArrayList<>();
        for (var e : inlineSources.entrySet()) jobs.add(new Job(e.getKey(), e.getKey(), null, e.getValue()));
        for (InputFiles.Input in : inputs) jobs.add(new Job(in.display(), in.rootRelative(), in, null));
        List<FileFacts> files = new ArrayList<>();
        List<Diagnostic> diags = new ArrayList<>();
        if (jobs.isEmpty()) return new Outcome(files, diags);
        AtomicInteger n = new AtomicInteger();
        ThreadLocal<PythonParser> parsers = ThreadLocal.withInitial(PythonParser::new);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, jobs.size())),
                r -> {
                    Thread t = new Thread(null, r, "asyncdoctor-parse-" + n.incrementAndGet(), WORKER_STACK);
                    t.setDaemon(true);
                    return t;
                });
        try {
            List<Future<Result>> futures = new ArrayList<>();
            for (Job j : jobs) futures.add(pool.submit(() -> j.run(parsers.get())));
            for (Future<Result> f : futures) {
                try {
                    Result r = f.get();
                    if (r.facts != null) files.add(r.facts);
                    diags.addAll(r.diags);
                } catch (ExecutionException e) {
                    throw new IllegalStateException(e.getCause());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            pool.shutdownNow();
        }
        return new Outcome(files, diags);
    }

    private record Result(FileFacts facts, List<Diagnostic> diags) {}

    private record Job(String display, String rootRelative, InputFiles.Input input, String text) {
        Result run(PythonParser parser) {
            List<Diagnostic> diags = new ArrayList<>();
            SourceText source;
            try {
                source = text != null ? SourceText.of(text) : SourceText.decode(Files.readAllBytes(input.path()));
            } catch (SourceText.Undecodable e) {
                diags.add(Diagnostic.warning(display, e.line, "skipped: " + e.getMessage()));
                return new Result(null, diags);
            } catch (IOException e) {
                String why = e instanceof java.nio.file.AccessDeniedException ? "permission denied" : e.getMessage();
                diags.add(Diagnostic.warning(display, 0, "skipped: cannot read: " + why));
                return new Result(null, diags);
            } catch (OutOfMemoryError e) {
                diags.add(Diagnostic.warning(display, 0, "skipped: file too large to load"));
                return new Result(null, diags);
            }
            try {
                SyntaxTree tree = parser.parse(source);
                FileFacts ff = FactExtractor.extract(display, ModuleNames.moduleName(rootRelative), tree);
                diags.addAll(ff.warnings());
                return new Result(ff, diags);
            } catch (RuntimeException | StackOverflowError e) {
                diags.add(Diagnostic.warning(display, 0, "skipped: cannot analyze (" + e + ")"));
                return new Result(null, diags);
            }
        }
    }
}
