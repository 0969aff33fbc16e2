package asyncdoctor.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import asyncdoctor.TestSupport;
import asyncdoctor.api.AnalysisRequest;
import asyncdoctor.api.Finding;
import asyncdoctor.api.Report;
import asyncdoctor.symptom.SnapshotRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * End to end, per CPython 3.9-3.13 (pyenv): a real program that hangs or stalls is generated in a
 * temp folder, analyzed with the user's symptom (the code alone does not explain it, so the tool asks
 * for a snapshot and hands out its snippet), run with that snippet and the command line the request
 * gives (PYTHONASYNCIODEBUG=1 python -X dev, kill -USR1 for thread stacks), bounded by timeouts, with
 * no network; then `check --snapshot` (through the library API) must report the footgun with the
 * snapshot lines as evidence.
 * <ul>
 *   <li>blocked loop: a coroutine calls a vendored (unanalyzed) client that blocks; the thread dump
 *       taken with SIGUSR1 shows the loop thread in it;</li>
 *   <li>lock deadlock: two transfers take two locks (from a registry) in opposite order; the snippet's
 *       task dump shows both parked at the inner `async with`;</li>
 *   <li>slow callback: a task step runs a vendored 0.3 s call; asyncio debug mode logs the step.</li>
 * </ul>
 * The programs of all interpreters run in parallel before the tests (they mostly sleep).
 */
class SnapshotEndToEndTest {
    static final List<String> VERSIONS = List.of("3.9", "3.10", "3.11", "3.12", "3.13");

    enum Scenario {
        BLOCKED_LOOP("blocked loop (thread dump)", "The order service freezes; health checks time out.", "# BLOCKS"),
        LOCK_DEADLOCK("lock deadlock (task dump)", "Transfers between accounts hang forever.", "# DEADLOCK"),
        SLOW_CALLBACK("slow callback (asyncio debug log)", "Requests are slow under load: latency spikes to seconds.", "# SLOW");

        final String title, symptom, marker;

        Scenario(String title, String symptom, String marker) {
            this.title = title;
            this.symptom = symptom;
            this.marker = marker;
        }
    }

    /** What one run produced. */
    record Capture(Path dir, Path snapshot, String error) {}

    static Path work;
    static String snippet;
    static ExecutorService pool;
    static final Map<String, Future<Capture>> captures = new LinkedHashMap<>();
    static final Map<String, Optional<Path>> pythons = new LinkedHashMap<>();

    @BeforeAll
    static void runThePrograms() throws IOException {
        work = Files.createTempDirectory("asyncdoctor-e2e");
        snippet = SnapshotRequest.snippet(TestSupport.analyzer().knowledgeBase().snapshotRequests());
        pool = Executors.newFixedThreadPool(5, r -> {
            Thread t = new Thread(r, "e2e-python");
            t.setDaemon(true);
            return t;
        });
        for (String v : VERSIONS) {
            Optional<Path> py = E2E.python(v);
            pythons.put(v, py);
            if (py.isEmpty()) continue;
            for (Scenario s : Scenario.values()) {
                Path dir = work.resolve("py" + v.replace(".", "") + "-" + s.name().toLowerCase());
                captures.put(v + s, pool.submit(() -> capture(py.get(), s, dir)));
            }
        }
    }

    @AfterAll
    static void cleanUp() {
        if (pool != null) pool.shutdownNow();
        E2E.deleteTree(work);
    }

    @TestFactory
    Stream<DynamicTest> endToEnd() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String v : VERSIONS) {
            for (Scenario s : Scenario.values()) {
                tests.add(DynamicTest.dynamicTest("python " + v + ": " + s.title, () -> {
                    Assumptions.assumeTrue(pythons.get(v).isPresent(), "python " + v + " is not installed");
                    Capture c = captures.get(v + s).get(90, TimeUnit.SECONDS);
                    assertEquals(null, c.error(), c.error());
                    check(v, s, c);
                }));
            }
        }
        return tests.stream();
    }

    // ------------------------------------------------------------------------------------------

    static void check(String version, Scenario s, Capture c) throws Exception {
        Path app = c.dir().resolve("app");
        String source = Files.readString(app.resolve("service.py"));
        int line = lineOf(source, s.marker);

        // 1. Without runtime data: the tool asks for the snapshot, and the snippet it hands out is the one the program ran.
        Report before = TestSupport.analyzer().analyze(AnalysisRequest.builder().threads(1).workingDirectory(c.dir())
                .path(app).symptom(s.symptom).build());
        if (before.summary().needsSnapshot()) {
            assertNotNull(before.snapshotRequest());
            assertTrue(before.snapshotRequest().contains("def asyncdoctor_snapshot("), before.snapshotRequest());
            assertTrue(before.snapshotRequest().contains("python -X dev"), before.snapshotRequest());
        }
        assertTrue(findingsAt(before, s, line).stream().allMatch(f -> f.evidence().isEmpty()));
        // The pasted snippet itself is no finding.
        assertTrue(Stream.concat(before.findings().stream(), before.unrelated().stream())
                .noneMatch(f -> f.function() != null && f.function().contains("asyncdoctor_snapshot")
                        || f.chain().stream().anyMatch(x -> x.function() != null && x.function().contains("asyncdoctor_snapshot"))), summary(before));

        // 2. With it: the footgun, confirmed by the snapshot lines.
        Report after = TestSupport.analyzer().analyze(AnalysisRequest.builder().threads(1).workingDirectory(c.dir())
                .path(app).symptom(s.symptom).snapshot(c.snapshot()).build());
        List<Finding> hits = findingsAt(after, s, line);
        String context = "python " + version + " " + s + ": findings " + summary(after) + "\nsnapshot:\n" + head(c.snapshot());
        assertFalse(hits.isEmpty(), context);
        Finding f = hits.get(0);
        assertFalse(f.evidence().isEmpty(), context);
        assertTrue(after.findings().contains(f), "explains the symptom: " + context);
        assertEquals(f, after.findings().get(0), "a confirmed finding ranks first: " + context);
        assertTrue(after.summary().explained(), context);
        assertFalse(after.summary().needsSnapshot(), context);
        assertTrue(f.symptomLink().contains("Confirmed at run time") || f.rule().matches("AD10\\d\\d") && f.symptomLink().matches("(?s).*(The snapshot|The task dump|The dump|The thread dump) \\(.*"),
                f.symptomLink());
        List<String> snapLines = Files.readAllLines(c.snapshot(), StandardCharsets.UTF_8);
        for (Finding.Evidence e : f.evidence()) {
            assertEquals("snapshot.log", e.snapshot());
            assertTrue(e.line() >= 1 && e.line() <= snapLines.size(), e.toString());
            assertTrue(snapLines.get(e.line() - 1).contains(e.text().length() > 40 ? e.text().substring(0, 40) : e.text()), e.toString());
        }
        switch (s) {
            case BLOCKED_LOOP -> {
                assertTrue(f.evidence().stream().anyMatch(e -> e.text().contains("service.py") && e.text().contains("in handle")), context);
                assertTrue(f.symptomLink().contains("legacy.fetch_order") || f.chain().stream().anyMatch(x -> x.line() == line), f.toString());
            }
            case LOCK_DEADLOCK -> {
                assertEquals("critical", f.severity());
                assertTrue(f.evidence().stream().anyMatch(e -> e.text().contains("transfer")), context);
            }
            case SLOW_CALLBACK -> assertTrue(f.evidence().stream().anyMatch(e -> e.text().startsWith("Executing <Task")
                    && e.text().contains("handle() running at")), context);
        }
    }

    static List<Finding> findingsAt(Report r, Scenario s, int line) {
        String category = switch (s) {
            case BLOCKED_LOOP, SLOW_CALLBACK -> "blocking-call";
            case LOCK_DEADLOCK -> "lock-order-inversion";
        };
        return Stream.concat(r.findings().stream(), r.unrelated().stream())
                .filter(f -> f.category().equals(category) && f.file().equals("app/service.py") && f.line() == line).toList();
    }

    static String summary(Report r) {
        return Stream.concat(r.findings().stream(), r.unrelated().stream())
                .map(f -> f.rule() + " " + f.category() + " " + f.file() + ":" + f.line() + (f.evidence().isEmpty() ? "" : " +evidence")).toList()
                + " diagnostics " + r.diagnostics();
    }

    static String head(Path p) {
        try {
            String t = Files.readString(p);
            return t.length() > 4000 ? t.substring(0, 4000) : t;
        } catch (IOException e) {
            return e.toString();
        }
    }

    static int lineOf(String source, String marker) {
        String[] lines = source.split("\n", -1);
        for (int i = 0; i < lines.length; i++) if (lines[i].contains(marker)) return i + 1;
        throw new AssertionError("no " + marker);
    }

    // ------------------------------------------------------------------------------------------
    // the programs

    static final String BLOCKED_LOOP = """
            import asyncio
            import sys

            import legacy

            %s


            async def heartbeat():
                while True:
                    await asyncio.sleep(0.05)


            async def handle(order_id):
                await asyncio.sleep(0.05)
                print("blocking", flush=True)
                return legacy.fetch_order(order_id)  # BLOCKS


            async def main():
                asyncdoctor_snapshot(every=0.5)
                beat = asyncio.ensure_future(heartbeat())
                try:
                    await handle(7)
                finally:
                    beat.cancel()


            asyncio.run(main())
            """;

    static final String LEGACY = """
            import time


            def fetch_order(order_id):
                time.sleep(30)              # a driver call without timeout
                return {"id": order_id}


            def render_report(n):
                time.sleep(0.3)             # CPU or I/O in a C extension
                return "report %d" % n
            """;

    static final String LOCK_DEADLOCK = """
            import asyncio
            import sys

            %s

            LOCKS = {}


            def lock_for(name):
                if name not in LOCKS:
                    LOCKS[name] = asyncio.Lock()
                return LOCKS[name]


            async def transfer(src, dst):
                first = lock_for(src)
                second = lock_for(dst)
                async with first:
                    await asyncio.sleep(0.05)
                    async with second:  # DEADLOCK
                        return src + dst


            async def main():
                asyncdoctor_snapshot(every=0.5, threads=False)
                loop = asyncio.get_running_loop()
                a = loop.create_task(transfer("a", "b"), name="transfer-a-b")
                b = loop.create_task(transfer("b", "a"), name="transfer-b-a")
                await asyncio.wait([a, b])


            asyncio.run(main())
            """;

    static final String SLOW_CALLBACK = """
            import asyncio
            import sys

            import legacy

            %s


            async def handle(n):
                await asyncio.sleep(0.01)
                report = legacy.render_report(n)  # SLOW
                await asyncio.sleep(0.01)
                return report


            async def main():
                asyncdoctor_snapshot(every=5.0, threads=False)
                task = asyncio.get_running_loop().create_task(handle(1), name="report")
                await task
                await asyncio.sleep(0.2)


            asyncio.run(main())
            """;

    /** Writes the program, runs it as the snapshot request says, and collects snapshot.log. */
    static Capture capture(Path python, Scenario s, Path dir) {
        Process p = null;
        try {
            Files.createDirectories(dir.resolve("app"));
            Files.createDirectories(dir.resolve("vendor"));
            String program = switch (s) {
                case BLOCKED_LOOP -> BLOCKED_LOOP;
                case LOCK_DEADLOCK -> LOCK_DEADLOCK;
                case SLOW_CALLBACK -> SLOW_CALLBACK;
            };
            Files.writeString(dir.resolve("app/service.py"), program.formatted(snippet));
            Files.writeString(dir.resolve("vendor/legacy.py"), LEGACY);
            Path snap = dir.resolve("snapshot.log");
            Path out = dir.resolve("stdout.txt");
            ProcessBuilder pb = new ProcessBuilder(python.toString(), "-X", "dev", "app/service.py", snap.toString())
                    .directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(dir.resolve("stderr.txt").toFile());
            pb.environment().put("PYTHONASYNCIODEBUG", "1");
            pb.environment().put("ASYNCDOCTOR_SNAPSHOT", snap.toString());
            pb.environment().put("PYTHONPATH", dir.resolve("vendor").toString());
            pb.environment().remove("PYTHONSTARTUP");
            p = pb.start();
            switch (s) {
                case BLOCKED_LOOP -> {
                    if (!E2E.awaitText(out, t -> t.contains("blocking"), 15_000).contains("blocking")) return failed(dir, "never reached the blocking call");
                    Thread.sleep(300);
                    if (!E2E.signal(p, "USR1")) return failed(dir, "kill -USR1 failed");
                    String t = E2E.awaitText(snap, x -> x.contains("legacy.py") && x.contains("in handle"), 10_000);
                    if (!t.contains("in handle")) return failed(dir, "no thread dump");
                }
                case LOCK_DEADLOCK -> {
                    String t = E2E.awaitText(snap, x -> x.contains("name='transfer-b-a'") && x.indexOf("await chain") >= 0
                            && x.lastIndexOf("acquire") > x.lastIndexOf("name='transfer-b-a'"), 15_000);
                    if (!t.contains("name='transfer-b-a'")) return failed(dir, "no task dump");
                }
                case SLOW_CALLBACK -> {
                    if (!p.waitFor(20, TimeUnit.SECONDS)) return failed(dir, "did not finish");
                    String t = E2E.awaitText(snap, x -> x.contains("Executing <Task"), 2_000);
                    if (!t.contains("Executing <Task")) return failed(dir, "no slow-callback line");
                }
            }
            return new Capture(dir, snap, null);
        } catch (Exception e) {
            return failed(dir, e.toString());
        } finally {
            if (p != null && p.isAlive()) {
                p.destroyForcibly();
                try {
                    p.waitFor(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    static Capture failed(Path dir, String why) {
        StringBuilder sb = new StringBuilder(why);
        for (String f : List.of("stdout.txt", "stderr.txt", "snapshot.log")) {
            try {
                sb.append("\n--- ").append(f).append(":\n").append(Files.readString(dir.resolve(f)));
            } catch (IOException e) {
                sb.append("\n--- ").append(f).append(": ").append(e.getMessage());
            }
        }
        return new Capture(dir, dir.resolve("snapshot.log"), sb.toString());
    }
}
