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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The captured samples through the whole pipeline: the sample program is the analyzed tree, its
 * output the snapshot. Assertions name categories, not rule ids: whichever rule family explains
 * the runtime observation (a static rule confirmed by it, or a runtime rule of kb/rules/runtime),
 * the finding must be there and carry the snapshot lines as evidence.
 */
class SnapshotAnalysisTest {
    static final Path SAMPLES = SnapshotParserTest.SAMPLES;

    static Report analyze(String sample, String symptom) throws Exception {
        AnalysisRequest.Builder b = AnalysisRequest.builder().threads(1).workingDirectory(SAMPLES)
                .source(sample + ".py", Files.readString(SAMPLES.resolve(sample + ".py")))
                .snapshot(SAMPLES.resolve(sample + ".txt"));
        if (symptom != null) b.symptom(symptom);
        return TestSupport.analyzer().analyze(b.build());
    }

    static Finding confirmed(Report r, String category, int line) {
        List<Finding> all = Stream.concat(r.findings().stream(), r.unrelated().stream()).toList();
        Finding f = all.stream().filter(x -> x.category().equals(category) && x.line() == line).findFirst()
                .orElseThrow(() -> new AssertionError("no " + category + " finding at line " + line + " in " + summary(all)));
        assertFalse(f.evidence().isEmpty(), category + " at " + line + " has no evidence: " + f);
        assertTrue(f.symptomLink().contains("Confirmed at run time") || f.rule().matches("AD10\\d\\d") && f.symptomLink().matches("(?s).*(The snapshot|The task dump|The dump|The thread dump) \\(.*"),
                f.symptomLink());
        for (Finding.Evidence e : f.evidence()) {
            assertTrue(e.line() > 0 && !e.text().isBlank(), e.toString());
            assertTrue(e.snapshot().endsWith(".txt"), e.snapshot());
        }
        return f;
    }

    static String summary(List<Finding> fs) {
        return fs.stream().map(f -> f.rule() + " " + f.category() + ":" + f.line() + (f.evidence().isEmpty() ? "" : "+ev")).toList().toString();
    }

    @Test
    void slowCallbacksConfirmTheBlockingCallAndFindTheOneNoRuleSees() throws Exception {
        Report r = analyze("blocking_sleep", "Requests are slow under load and the event loop is blocked.");
        assertEquals("loop-blocked", r.symptom().symptomClass());
        Finding sleep = confirmed(r, "blocking-call", 13);
        assertTrue(sleep.evidence().stream().allMatch(e -> e.text().contains("fetch_user() running at")), sleep.evidence().toString());
        Finding cb = confirmed(r, "blocking-call", 10);
        assertEquals("AD1001", cb.rule(), "time.sleep in a plain call_soon callback: only the snapshot shows it");
        assertEquals(r.findings().get(0).evidence().isEmpty(), false, "confirmed findings rank first");
        assertTrue(r.summary().explained());
    }

    @Test
    void threadDumpsConfirmTheHelperChain() throws Exception {
        Report r = analyze("blocked_loop_watchdog", "The service freezes and health checks time out.");
        Finding f = confirmed(r, "blocking-call", 21);
        assertTrue(f.evidence().size() >= 3, "faulthandler, format_stack and the running task's stack: " + f.evidence());
        Report q = analyze("faulthandler_later", "The service freezes.");
        confirmed(q, "blocking-call", 10);
        assertTrue(Stream.concat(q.findings().stream(), q.unrelated().stream()).noneMatch(x -> x.line() == 13),
                "the thread that dumps itself (os.kill to its own SIGUSR1) is not blocked: " + summary(q.findings()));
    }

    @Test
    void taskDumpsConfirmTheLockOrderInversion() throws Exception {
        Report r = analyze("lock_deadlock", "Transfers hang forever.");
        Finding f = confirmed(r, "lock-order-inversion", 15);
        assertEquals("critical", f.severity());
        assertTrue(r.summary().explained());
        assertEquals(f, r.findings().get(0));
    }

    @Test
    void aLockHeldByNobodyConfirmsTheLeak() throws Exception {
        Report r = analyze("waitfor_leak", "After the first timeouts all later queries hang.");
        assertEquals("hang", r.symptom().symptomClass());
        List<Finding> leaks = Stream.concat(r.findings().stream(), r.unrelated().stream())
                .filter(x -> x.category().equals("lock-not-released") && !x.evidence().isEmpty()).toList();
        assertFalse(leaks.isEmpty(), summary(r.findings()));
        assertTrue(leaks.get(0).evidence().get(0).text().contains("waiters:2"));
    }

    @Test
    void cancellingTasksAndShutdownConfirmSwallowedCancellation() throws Exception {
        Report r = analyze("swallowed_cancel", "Shutdown hangs: the poller never finishes after cancel().");
        assertEquals("cancellation", r.symptom().symptomClass());
        confirmed(r, "swallowed-cancellation", firstLineOf(r, "swallowed-cancellation"));
        Report s = analyze("shutdown_hang", "Ctrl-C is ignored and the process does not exit.");
        assertEquals("cancellation", s.symptom().symptomClass());
        Finding f = confirmed(s, "swallowed-cancellation", firstLineOf(s, "swallowed-cancellation"));
        assertTrue(f.evidence().get(0).text().startsWith("Thread 0x"), f.evidence().toString());
    }

    @Test
    void warningsAndLostTaskMessagesPointAtTheCode() throws Exception {
        Report r = analyze("never_awaited", "Records are silently never saved.");
        assertEquals("silent-task-death", r.symptom().symptomClass());
        confirmed(r, "missing-await", 9);
        confirmed(r, "missing-await", 10);
        Report t = analyze("exception_never_retrieved", "Emails are never sent, without any error.");
        Finding lost = confirmed(t, "dangling-task", 11);
        assertNotEquals("suggestion", lost.severity());
        assertTrue(t.summary().explained(), "the runtime message removed the static rule's doubt");
        Report d = analyze("task_destroyed_pending", "Replies silently never arrive.");
        confirmed(d, "dangling-task", 12);
        Report g = analyze("gather_orphan", "Acks are never processed after a bad input, silently.");
        Finding orphans = confirmed(g, "gather-orphans", 26);
        assertTrue(orphans.evidence().stream().anyMatch(e -> e.text().contains("gather.<locals>._done_callback")));
    }

    @Test
    void reentranceTracebacksFollowThePath() throws Exception {
        Report r = analyze("loop_reentrance", "This event loop is already running");
        assertEquals("hang", r.symptom().symptomClass());
        // At the asyncio.run() call (runtime rule) or at its caller with a chain to it (static rule).
        Finding f = Stream.concat(r.findings().stream(), r.unrelated().stream())
                .filter(x -> x.category().equals("loop-reentrance") && (x.line() == 11 || x.chain().stream().anyMatch(s -> s.line() == 11)))
                .findFirst().orElseThrow(() -> new AssertionError(summary(r.findings())));
        assertFalse(f.evidence().isEmpty(), f.toString());
        assertTrue(f.evidence().stream().anyMatch(e -> e.text().contains("cannot be called from a running event loop")));
        assertNull(Stream.concat(r.findings().stream(), r.unrelated().stream())
                .filter(x -> x.category().equals("missing-await") && x.rule().equals("AD1007")).findFirst().orElse(null),
                "the coroutine dropped by the failing asyncio.run() is not a missing await");
    }

    @Test
    void noSnapshotNoRuntimeFindings() throws Exception {
        AnalysisRequest req = AnalysisRequest.builder().threads(1)
                .source("blocking_sleep.py", Files.readString(SAMPLES.resolve("blocking_sleep.py"))).build();
        Report r = TestSupport.analyzer().analyze(req);
        assertTrue(r.findings().stream().allMatch(f -> f.evidence().isEmpty() && !f.rule().matches("AD10\\d\\d")));
    }

    @Test
    void aBadSnapshotIsAWarningNotAFailure() throws Exception {
        Path bad = Files.createTempFile("snap", ".txt");
        try {
            Files.writeString(bad, "Stack for <Task pending name='x' coro=<fetch_user() running at /srv/blocking_sleep.py:14>> (most recent call last):\n");
            Report r = TestSupport.analyzer().analyze(AnalysisRequest.builder().threads(1).workingDirectory(bad.getParent())
                    .source("blocking_sleep.py", Files.readString(SAMPLES.resolve("blocking_sleep.py")))
                    .snapshot(bad).snapshot(bad.resolveSibling("missing-snapshot.txt")).build());
            assertTrue(r.diagnostics().warnings().stream().anyMatch(w -> w.startsWith(bad.getFileName() + ":1: warning: truncated")),
                    r.diagnostics().toString());
            assertTrue(r.diagnostics().errors().stream().anyMatch(e -> e.contains("missing-snapshot.txt") && e.contains("not found")));
        } finally {
            Files.deleteIfExists(bad);
        }
    }

    private static int firstLineOf(Report r, String category) {
        return Stream.concat(r.findings().stream(), r.unrelated().stream()).filter(f -> f.category().equals(category))
                .mapToInt(Finding::line).findFirst().orElseThrow(() -> new AssertionError("no " + category + ": " + summary(r.findings())));
    }

    private static void assertNotEquals(String a, String b) {
        assertFalse(a.equals(b), a + " == " + b);
    }
}
