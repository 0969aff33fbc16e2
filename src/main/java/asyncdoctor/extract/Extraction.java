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

    /** CPU time the workers of one run spent reading, parsing and lowering (for --timings). */
    private record WorkerTimes(java.util.concurrent.atomic.AtomicLong read, java.util.concurrent.atomic.AtomicLong parse,
                               java.util.concurrent.atomic.AtomicLong lower) {
        WorkerTimes() {
            this(new java.util.concurrent.atomic.AtomicLong(), new java.util.concurrent.atomic.AtomicLong(),
                    new java.util.concurrent.atomic.AtomicLong());
        }
    }

    public record Outcome(List<FileFacts> files, List<Diagnostic> diagnostics) {}

    /** Facts of files seen before, keyed by content (see asyncdoctor.cache.FactsCache). */
    public interface Cache {
        /** Where the facts of a file with this content are kept (the content is hashed once per file). */
        Slot slot(String display, String moduleName, byte[] content);

        /** One file's place in the cache: the facts stored there (null when none), or store them. */
        interface Slot {
            FileFacts get();

            void put(FileFacts facts);
        }

        /**
         * The facts of a file whose content this run has already hashed (the result key's read, or
         * unchanged since the last run), found without reading the file again; null otherwise.
         */
        default FileFacts known(String display, String moduleName) { return null; }

        /** Whether a file answered by {@link #known} must still be read: it may carry inline suppressions. */
        default boolean mustRead(String display) { return true; }
    }

    /**
     * Hears every file of a run from the worker threads: its raw content as read (bytes for files on
     * disk, text for in-memory sources; also on cache hits) and when it is done. Must be thread-safe.
     */
    public interface Listener {
        default void read(String display, byte[] bytes, String text) {}

        default void done() {}
    }

    private Extraction() {}

    public static Outcome run(List<InputFiles.Input> inputs, Map<String, String> inlineSources, int threads) {
        return run(inputs, inlineSources, threads, null, null, null);
    }

    public static Outcome run(List<InputFiles.Input> inputs, Map<String, String> inlineSources, int threads, Cache cache,
                              Listener listener) {
        return run(inputs, inlineSources, threads, cache, listener, null);
    }

    /**
     * As {@link #run(List, Map, int, Cache, Listener)}, and hands each file's facts to {@code inOrder}
     * (when not null) on the calling thread, in the order of the outcome, as soon as that file and
     * all before it are done: the caller's own work on the facts overlaps the parsing of later files.
     */
    public static Outcome run(List<InputFiles.Input> inputs, Map<String, String> inlineSources, int threads, Cache cache,
                              Listener listener, java.util.function.Consumer<FileFacts> inOrder) {
        List<Job> jobs = new ArrayList<>();
        for (var e : inlineSources.entrySet()) jobs.add(new Job(e.getKey(), e.getKey(), null, e.getValue()));
        for (InputFiles.Input in : inputs) jobs.add(new Job(in.display(), in.rootRelative(), in, null));
        List<FileFacts> files = new ArrayList<>();
        List<Diagnostic> diags = new ArrayList<>();
        if (jobs.isEmpty()) return new Outcome(files, diags);
        AtomicInteger n = new AtomicInteger();
        ThreadLocal<PythonParser> parsers = ThreadLocal.withInitial(PythonParser::new);
        WorkerTimes times = new WorkerTimes();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, jobs.size())),
                r -> {
                    Thread t = new Thread(null, r, "asyncdoctor-parse-" + n.incrementAndGet(), WORKER_STACK);
                    t.setDaemon(true);
                    return t;
                });
        try {
            List<Future<Result>> futures = new ArrayList<>();
            for (Job j : jobs) futures.add(pool.submit(() -> {
                try {
                    return j.run(parsers, cache, listener, times);
                } finally {
                    if (listener != null) listener.done();
                }
            }));
            for (Future<Result> f : futures) {
                try {
                    Result r = f.get();
                    if (r.facts != null) {
                        files.add(r.facts);
                        if (inOrder != null) inOrder.accept(r.facts);
                    }
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
        asyncdoctor.util.Timings.note(String.format("  cpu in workers: read %.0f ms, parse %.0f ms, lower %.0f ms",
                times.read().get() / 1e6, times.parse().get() / 1e6, times.lower().get() / 1e6));
        return new Outcome(files, diags);
    }

    private record Result(FileFacts facts, List<Diagnostic> diags) {}

    private record Job(String display, String rootRelative, InputFiles.Input input, String text) {
        Result run(ThreadLocal<PythonParser> parsers, Cache cache, Listener listener, WorkerTimes times) {
            List<Diagnostic> diags = new ArrayList<>();
            long t0 = System.nanoTime();
            SourceText source;
            String moduleName = ModuleNames.moduleName(rootRelative);
            byte[] bytes = null;
            Cache.Slot slot = null;
            try {
                if (text == null && cache != null) {
                    FileFacts hit = cache.known(display, moduleName);
                    if (hit != null) {
                        if (listener != null && cache.mustRead(display)) listener.read(display, Files.readAllBytes(input.path()), null);
                        times.read().addAndGet(System.nanoTime() - t0);
                        return new Result(hit, new ArrayList<>(hit.warnings()));
                    }
                }
                if (text == null) {
                    bytes = Files.readAllBytes(input.path());
                    if (listener != null) listener.read(display, bytes, null);
                    if (cache != null) {
                        slot = cache.slot(display, moduleName, bytes);
                        FileFacts hit = slot.get();
                        if (hit != null) {
                            times.read().addAndGet(System.nanoTime() - t0);
                            return new Result(hit, new ArrayList<>(hit.warnings()));
                        }
                    }
                }
                if (text != null && listener != null) listener.read(display, null, text);
                source = text != null ? InputFiles.inline(display, text) : InputFiles.decode(display, bytes);
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
                long t1 = System.nanoTime();
                times.read().addAndGet(t1 - t0);
                SyntaxTree tree = parsers.get().parse(source);
                long t2 = System.nanoTime();
                times.parse().addAndGet(t2 - t1);
                FileFacts ff = FactExtractor.extract(display, moduleName, tree);
                times.lower().addAndGet(System.nanoTime() - t2);
                if (slot != null) slot.put(ff);
                diags.addAll(ff.warnings());
                return new Result(ff, diags);
            } catch (RuntimeException | StackOverflowError e) {
                diags.add(Diagnostic.warning(display, 0, "skipped: cannot analyze (" + e + ")"));
                return new Result(null, diags);
            }
        }
    }
}
