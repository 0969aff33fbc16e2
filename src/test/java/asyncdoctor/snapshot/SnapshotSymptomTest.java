package asyncdoctor.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import asyncdoctor.TestSupport;
import asyncdoctor.api.AnalysisRequest;
import asyncdoctor.api.Finding;
import asyncdoctor.api.Report;
import asyncdoctor.facts.SymptomCue;
import asyncdoctor.symptom.SnapshotRequest;
import asyncdoctor.symptom.SymptomFacts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The symptom side of issue 4: classification by the KB (kb/symptoms/), quoted runtime messages as
 * evidence that names a category, ranking, the explained flag, and the snapshot request
 * (kb/snapshots/requests.yaml).
 */
class SnapshotSymptomTest {
    static Report analyze(String source, String symptom) throws Exception {
        return TestSupport.analyzer().analyze(AnalysisRequest.builder().threads(1).source("app.py", source).symptom(symptom).build());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "The service freezes under load.|hang",
        "The worker's websocket heartbeats time out whenever the job queue is empty.|loop-blocked",
        "Latency spikes under load; every other request waits.|loop-blocked",
        "Everything stalls for a few seconds, then recovers.|loop-blocked",
        "Health checks fail and the pod is restarted.|loop-blocked",
        "WARNING:asyncio:Executing <Task pending name='t' coro=<h() running at a.py:3>> took 2.1 seconds|loop-blocked",
        "blockbuster.BlockingError: Blocking call to time.sleep|loop-blocked",
        "After the first failing call, all later guarded calls hang.|hang",
        "The crawler sometimes hangs for minutes.|hang",
        "queue.join() never returns|hang",
        "RuntimeError: This event loop is already running|hang",
        "asyncio.run() cannot be called from a running event loop|hang",
        "Orders are saved but downstream services never hear about them.|silent-task-death",
        "Background jobs silently stop after a while.|silent-task-death",
        "RuntimeWarning: coroutine 'Bus.publish' was never awaited|silent-task-death",
        "ERROR:asyncio:Task was destroyed but it is pending!|silent-task-death",
        "Task exception was never retrieved|silent-task-death",
        "Shutdown hangs: the ticker task never finishes after cancel().|cancellation",
        "Ctrl-C is ignored, the process won't exit.|cancellation",
        "SIGTERM does nothing; kubernetes has to kill -9 it.|cancellation",
        "After a few hours: OSError Too many open files.|resource-leak",
        "Memory grows until we restart.|resource-leak",
        "Unclosed client session|resource-leak",
        "sqlalchemy.exc.TimeoutError: QueuePool limit of size 5 overflow 10 reached, connection timed out|resource-leak",
        "httpx.PoolTimeout after a day of traffic|resource-leak",
        "Something is off with the reports.|unknown",
    })
    void classifiesSymptoms(String symptom, String expected) throws Exception {
        assertEquals(expected, analyze("x = 1\n", symptom).symptom().symptomClass());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "coroutine 'save' was never awaited|missing-await",
        "Task was destroyed but it is pending!|dangling-task",
        "Task exception was never retrieved|dangling-task",
        "_GatheringFuture exception was never retrieved|gather-orphans",
        "Too many open files|session-per-request",
        "Unclosed client session|session-per-request",
        "This event loop is already running|loop-reentrance",
        "Executing <Task pending name='x' coro=<f() running at a.py:1>> took 0.3 seconds|blocking-call",
        "cannot perform operation: another operation is in progress|wait-for-dirty-resource",
    })
    void quotedMessagesNameACategory(String symptom, String category) {
        List<Object> facts = SymptomFacts.from(symptom, TestSupport.analyzer().knowledgeBase().cues());
        assertTrue(facts.stream().anyMatch(f -> f instanceof SymptomCue c && category.equals(c.category()) && c.weight() == 3),
                symptom + ": " + facts);
        if (!category.equals("dangling-task")) return;
        // "Task exception" must not also name the gather category, nor "Future exception" a task one.
        assertTrue(facts.stream().noneMatch(f -> f instanceof SymptomCue c && "gather-orphans".equals(c.category())), facts.toString());
    }

    @Test
    void aQuotedMessageRanksItsCategoryFirst() throws Exception {
        String src = """
                import asyncio


                async def send(x):
                    await asyncio.sleep(0)


                async def handler(x):
                    asyncio.create_task(send(x))
                    send(x)
                """;
        Report destroyed = analyze(src, "Notifications silently vanish; the log says: Task was destroyed but it is pending!");
        Report awaited = analyze(src, "Notifications silently vanish; the log says: RuntimeWarning: coroutine 'send' was never awaited");
        assertEquals("silent-task-death", destroyed.symptom().symptomClass());
        if (destroyed.findings().stream().anyMatch(f -> f.category().equals("dangling-task"))) {
            assertEquals("dangling-task", destroyed.findings().get(0).category(), destroyed.findings().toString());
        }
        if (awaited.findings().stream().anyMatch(f -> f.category().equals("missing-await"))) {
            assertEquals("missing-await", awaited.findings().get(0).category(), awaited.findings().toString());
        }
    }

    @Test
    void findingsThatDoNotExplainTheSymptomAreUnrelated() throws Exception {
        String src = """
                import time


                async def handler():
                    time.sleep(1)
                """;
        Report r = analyze(src, "After a few hours: OSError Too many open files.");
        assertEquals("resource-leak", r.symptom().symptomClass());
        assertTrue(r.findings().stream().noneMatch(f -> f.category().equals("blocking-call")));
        assertTrue(r.unrelated().stream().anyMatch(f -> f.category().equals("blocking-call")));
        assertFalse(r.summary().explained());
        assertTrue(r.summary().needsSnapshot());
        assertTrue(r.snapshotRequest().contains("tracemalloc"), r.snapshotRequest());
        Report blocked = analyze(src, "The service freezes under load.");
        assertTrue(blocked.summary().explained());
        assertFalse(blocked.summary().needsSnapshot());
        assertNull(blocked.snapshotRequest());
        Report unknown = analyze(src, "Something is off with the reports.");
        assertFalse(unknown.summary().explained(), "a symptom of no known class is not explained by an unconfirmed finding");
        assertNotNull(unknown.snapshotRequest());
    }

    @Test
    void theSnapshotRequestIsTailoredAndReadyToPaste() throws Exception {
        var requests = TestSupport.analyzer().knowledgeBase().snapshotRequests();
        String snippet = SnapshotRequest.snippet(requests);
        assertTrue(snippet.contains("def asyncdoctor_snapshot("));
        for (String cls : List.of("hang", "loop-blocked", "silent-task-death", "cancellation", "resource-leak", "unknown")) {
            String r = SnapshotRequest.forClass(cls, requests);
            assertTrue(r.contains("def asyncdoctor_snapshot("), cls);
            assertTrue(r.contains("--snapshot snapshot.log"), cls);
            assertTrue(r.contains("get_running_loop()") && r.contains("slow_callback_duration"), cls);
            assertTrue(r.contains("print_stack") && r.contains("faulthandler"), cls);
            assertTrue(r.contains("python -X dev"), cls);
        }
        assertTrue(SnapshotRequest.forClass("hang", requests).contains("-m asyncio pstree <pid>"));
        assertTrue(SnapshotRequest.forClass("loop-blocked", requests).contains("kill -USR1 <pid>"));
        assertTrue(SnapshotRequest.forClass("cancellation", requests).contains("kill -TERM <pid>"));
        assertTrue(SnapshotRequest.forClass("resource-leak", requests).contains("-X tracemalloc"));
        assertTrue(SnapshotRequest.forClass("silent-task-death", requests).contains("-X tracemalloc"));
        assertFalse(SnapshotRequest.forClass("silent-task-death", requests).contains("pstree"));
    }

    @Test
    void theSnippetIsValidPython() throws Exception {
        Path py = E2E.python("3.12").orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(py != null, "no python interpreter");
        Path tmp = Files.createTempDirectory("snippet");
        try {
            Path f = tmp.resolve("snippet.py");
            Files.writeString(f, SnapshotRequest.snippet(TestSupport.analyzer().knowledgeBase().snapshotRequests()) + "\n");
            Process p = new ProcessBuilder(py.toString(), "-m", "py_compile", f.toString()).redirectErrorStream(true).start();
            assertTrue(p.waitFor(20, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), new String(p.getInputStream().readAllBytes()));
        } finally {
            E2E.deleteTree(tmp);
        }
    }

    @Test
    void confirmedFindingsRankFirstAndSaySo() throws Exception {
        String src = """
                import time


                async def first():
                    time.sleep(1)


                async def second():
                    time.sleep(2)
                """;
        Path snap = Files.createTempFile("snap", ".log");
        try {
            Files.writeString(snap, "WARNING:asyncio:Executing <Task finished name='t' coro=<second() done, defined at /srv/app.py:8> result=None> took 2.004 seconds\n");
            Report r = TestSupport.analyzer().analyze(AnalysisRequest.builder().threads(1).source("app.py", src)
                    .symptom("The service freezes for seconds.").snapshot(snap).build());
            Finding top = r.findings().get(0);
            assertEquals(9, top.line());
            assertEquals(1, top.evidence().size());
            assertEquals(1, top.evidence().get(0).line());
            assertTrue(top.symptomLink().contains("Confirmed at run time"));
            assertTrue(r.findings().get(1).evidence().isEmpty());
        } finally {
            Files.deleteIfExists(snap);
        }
    }
}
