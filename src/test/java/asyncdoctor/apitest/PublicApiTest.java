package asyncdoctor.apitest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import asyncdoctor.api.AnalysisException;
import asyncdoctor.api.AnalysisRequest;
import asyncdoctor.api.Analyzer;
import asyncdoctor.api.Baselines;
import asyncdoctor.api.Finding;
import asyncdoctor.api.ProgressListener;
import asyncdoctor.api.Report;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Java program embedding asyncdoctor, using only the public API (package asyncdoctor.api): sources
 * given as strings and as paths, the batch options, immutable results, one Analyzer shared by threads.
 */
class PublicApiTest {
    static Analyzer analyzer;

    static final String SERVICE = """
            import time
            import requests

            async def handler(url):
                time.sleep(1)
                return requests.get(url)
            """;

    @BeforeAll
    static void open() throws AnalysisException {
        Path root = Path.of(System.getProperty("asyncdoctor.root", ".")).toAbsolutePath();
        analyzer = Analyzer.withKnowledgeBase(root.resolve("kb"));
        analyzer.warmUp();
    }

    @Test
    void sourcesGivenAsStrings() throws AnalysisException {
        Report r = analyzer.analyze(AnalysisRequest.builder()
                .source("svc/handlers.py", SERVICE)
                .symptom("the service freezes under load")
                .build());
        assertTrue(List.of("loop-blocked", "hang").contains(r.symptom().symptomClass()), r.symptom().toString());
        List<Finding> fs = r.findings();
        assertEquals(2, fs.size(), fs.toString());
        Finding f = fs.get(0);
        assertEquals("svc/handlers.py", f.file());
        assertEquals("blocking-call", f.category());
        assertTrue(f.line() == 5 || f.line() == 6);
        assertTrue(!f.mechanism().isBlank() && !f.fix().isBlank() && !f.symptomLink().isBlank());
        assertTrue(r.summary().explained());
        assertTrue(r.key(f) != null && r.key(f).fingerprint().length() == 32);
        assertThrows(UnsupportedOperationException.class, () -> r.findings().add(f), "results are immutable");
        assertThrows(UnsupportedOperationException.class, () -> r.diagnostics().warnings().add("x"));
    }

    @Test
    void sourcesGivenAsPathsWithTheBatchOptions(@TempDir Path tmp) throws Exception {
        Files.createDirectories(tmp.resolve("app/vendor"));
        Files.writeString(tmp.resolve("app/svc.py"), SERVICE);
        Files.writeString(tmp.resolve("app/vendor/lib.py"), SERVICE);
        Files.writeString(tmp.resolve("app/quiet.py"), "import time\n\nasync def h():\n    time.sleep(1)  # asyncdoctor: ignore[AD101]\n");
        AtomicInteger parsed = new AtomicInteger();
        Report all = analyzer.analyze(AnalysisRequest.builder().path(tmp).workingDirectory(tmp).progress(new ProgressListener() {
            @Override
            public void fileDone(int done, int total) { parsed.incrementAndGet(); }
        }).build());
        assertEquals(4, all.findings().size(), all.findings().toString());
        assertEquals(1, all.filtered().suppressed());
        assertEquals(3, parsed.get(), "the progress listener hears every file");

        Report excluded = analyzer.analyze(AnalysisRequest.builder().path(tmp).workingDirectory(tmp).exclude("vendor/").build());
        assertEquals(2, excluded.findings().size());
        assertTrue(excluded.findings().stream().allMatch(f -> f.file().equals("app/svc.py")));

        Report tuned = analyzer.analyze(AnalysisRequest.builder().path(tmp).workingDirectory(tmp).exclude("vendor/")
                .severity("AD101", "suggestion").build());
        assertTrue(tuned.findings().stream().allMatch(f -> f.severity().equals("suggestion")), tuned.findings().toString());
        Report off = analyzer.analyze(AnalysisRequest.builder().path(tmp).workingDirectory(tmp).disable("blocking-call").build());
        assertEquals(0, off.findings().size());

        Files.writeString(tmp.resolve("pyproject.toml"), "[tool.asyncdoctor]\nexclude = [\"vendor\"]\n");
        assertEquals(2, analyzer.analyze(AnalysisRequest.builder().path(tmp).workingDirectory(tmp).build()).findings().size());
        assertEquals(4, analyzer.analyze(AnalysisRequest.builder().path(tmp).workingDirectory(tmp).discoverConfig(false).build()).findings().size());

        Path base = tmp.resolve("baseline.json");
        assertEquals(2, Baselines.write(base, excluded, tmp));
        Files.writeString(tmp.resolve("app/svc.py"), "# header\n" + SERVICE + "\nasync def more():\n    time.sleep(5)\n");
        Report fresh = analyzer.analyze(AnalysisRequest.builder().path(tmp).workingDirectory(tmp).baseline(base).build());
        assertEquals(1, fresh.findings().size(), fresh.findings().toString());
        assertEquals(2, fresh.filtered().baselined());
    }

    @Test
    void oneAnalyzerServesManyThreadsAtOnce() throws Exception {
        Report expected = analyzer.analyze(AnalysisRequest.builder().source("a.py", SERVICE).build());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Report>> futures = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                int n = i;
                futures.add(pool.submit(() -> analyzer.analyze(AnalysisRequest.builder().threads(1)
                        .source("a.py", SERVICE)
                        .source("b" + n + ".py", "import asyncio\n\nasync def ok():\n    await asyncio.sleep(" + n + ")\n")
                        .build())));
            }
            for (Future<Report> f : futures) {
                Report r = f.get();
                assertEquals(expected.findings(), r.findings(), "the same answer on every thread");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void unusableRequestsFailWithMessages() {
        AnalysisException e = assertThrows(AnalysisException.class,
                () -> analyzer.analyze(AnalysisRequest.builder().source("a.py", SERVICE).disable("no-such-rule").build()));
        assertTrue(e.messages().get(0).contains("no-such-rule"), e.messages().toString());
    }
}
