package asyncdoctor.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import asyncdoctor.TestSupport;
import asyncdoctor.extract.Diagnostic;
import asyncdoctor.extract.Extraction;
import asyncdoctor.extract.FileFacts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * One test per snapshot format of ../shared/reference/snapshot-formats.md: every captured sample of
 * snapshot-samples/ (copied to src/test/resources/snapshot-samples, with the program that produced it,
 * so paths map onto the analyzed tree) and synthetic text for the formats no sample shows.
 */
class SnapshotParserTest {
    static final Path SAMPLES = TestSupport.root().resolve("src/test/resources/snapshot-samples");

    /** The facts of a parsed snapshot, by type. */
    record Parsed(List<Object> facts, List<Diagnostic> diagnostics) {
        <T> List<T> all(Class<T> type) {
            List<T> out = new ArrayList<>();
            for (Object o : facts) if (type.isInstance(o)) out.add(type.cast(o));
            return out;
        }

        Snapshot snapshot() { return all(Snapshot.class).get(0); }

        List<RuntimeFrame> frames(RuntimeStack s) {
            List<RuntimeFrame> out = new ArrayList<>();
            for (RuntimeFrame f : all(RuntimeFrame.class)) if (f.stack().equals(s.id())) out.add(f);
            out.sort((a, b) -> Integer.compare(a.index(), b.index()));
            return out;
        }

        List<RuntimeMessage> messages(String kind) {
            return all(RuntimeMessage.class).stream().filter(m -> m.kind().equals(kind)).toList();
        }

        List<RuntimeTask> tasks(String name) {
            return all(RuntimeTask.class).stream().filter(t -> name.equals(t.name())).toList();
        }

        RuntimeStack stackOf(RuntimeTask t) {
            return all(RuntimeStack.class).stream().filter(s -> s.id().equals(t.stack())).findFirst().orElseThrow();
        }
    }

    /** Parses sample `name`.txt with its `name`.py (when there is one) as the analyzed tree. */
    static Parsed sample(String name) throws IOException {
        Path py = SAMPLES.resolve(name + ".py");
        CodeMap code = Files.isRegularFile(py) ? codeOf(Map.of(name + ".py", Files.readString(py))) : CodeMap.empty();
        SnapshotParser.Result r = SnapshotParser.parse(SAMPLES.resolve(name + ".txt"), name + ".txt", 1, code);
        return new Parsed(r.facts(), r.diagnostics());
    }

    static CodeMap codeOf(Map<String, String> sources) {
        List<FileFacts> files = Extraction.run(List.of(), sources, 1).files();
        return new CodeMap(files);
    }

    static Parsed text(String text, CodeMap code) {
        SnapshotParser.Result r = SnapshotParser.parse("snap.txt", 1, text, code);
        return new Parsed(r.facts(), r.diagnostics());
    }

    @Test
    void everySharedSampleIsCopiedHereAndParsesWithoutWarnings() throws IOException {
        Path shared = TestSupport.root().resolve("../shared/reference/snapshot-samples").normalize();
        if (Files.isDirectory(shared)) {
            try (Stream<Path> s = Files.list(shared)) {
                for (Path p : s.toList()) {
                    assertTrue(Files.isRegularFile(SAMPLES.resolve(p.getFileName())), "sample " + p.getFileName() + " not copied to " + SAMPLES);
                }
            }
        }
        Set<String> names = new TreeSet<>();
        try (Stream<Path> s = Files.list(SAMPLES)) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".txt")).forEach(n -> names.add(n.replace(".txt", "")));
        }
        assertEquals(22, names.size(), "samples: " + names);
        for (String n : names) {
            Parsed p = sample(n);
            assertTrue(p.diagnostics().isEmpty(), n + ": " + p.diagnostics());
            assertFalse(p.snapshot().formats().isEmpty(), n + ": no format recognized");
        }
    }

    @Test
    void slowCallbackLinesOfEveryVersionAndBothLoggingStyles() throws IOException {
        Parsed p = sample("blocking_sleep");
        List<SlowCallback> slow = p.all(SlowCallback.class);
        assertEquals(12, slow.size());
        for (SlowCallback s : slow) {
            assertEquals("blocking_sleep.py", s.module());
            assertNotNull(s.fn(), s.text());
            if (s.kind().equals("handle")) {
                assertEquals("blocking_cb", s.callback());
                assertEquals(9, s.line());
                assertFalse(s.running());
                assertTrue(s.millis() >= 120 && s.millis() <= 123);
            } else {
                assertEquals("fetch_user", s.callback());
                assertEquals(14, s.line());
                assertTrue(s.running());
                assertTrue(s.millis() >= 300);
                RuntimeTask t = p.all(RuntimeTask.class).stream().filter(x -> x.id().equals(s.task())).findFirst().orElseThrow();
                assertEquals("fetch-user", t.name());
                assertEquals("slow-callback", t.source());
            }
        }
        // `WARNING:asyncio:` prefixes are removed; the line numbers are the file's.
        assertTrue(slow.stream().anyMatch(s -> s.snapLine() == 8 && s.text().startsWith("Executing <Handle")));
        assertEquals("3.11", p.snapshot().python());
    }

    @Test
    void aiodebugSlowCallbackAndHangInspectionFiles() throws IOException {
        Parsed p = sample("aiodebug_output");
        SlowCallback s = p.all(SlowCallback.class).get(0);
        assertEquals("db_call", s.callback());
        assertEquals(1200, s.millis());
        assertFalse(s.running(), "a task finished in the step: `done, defined at`");
        assertEquals(13, s.line());
        List<RuntimeStack> threads = p.all(RuntimeStack.class);
        assertEquals(2, threads.size());
        RuntimeStack loop = threads.get(1);
        assertEquals("aiodebug", loop.format());
        assertTrue(loop.loop());
        assertEquals(1, loop.callbackFrame());
        assertEquals("db_call", p.frames(loop).get(0).name());
        assertEquals("time.sleep(1.2)                      # blocking call on the loop", p.frames(loop).get(0).code());
    }

    @Test
    void faulthandlerDumpsOfABlockedLoop() throws IOException {
        Parsed p = sample("faulthandler_later");
        List<RuntimeStack> st = p.all(RuntimeStack.class);
        assertEquals(3, st.size());
        for (RuntimeStack s : st) {
            assertEquals("faulthandler", s.format());
            assertEquals("thread", s.kind());
            assertTrue(s.live() && s.loop() && !s.idle());
        }
        RuntimeFrame top = p.frames(st.get(0)).get(0);
        assertEquals("compute", top.name());
        assertEquals(10, top.line());
        assertEquals("faulthandler_later.py", top.module());
        assertNotNull(top.fn());
        assertEquals(2, st.get(0).callbackFrame());
        assertEquals("0x00007fa9b67d1b80", st.get(1).owner());
    }

    @Test
    void faulthandlerSingleThreadAndFatalErrorVariants() {
        String text = String.join("\n",
                "Fatal Python error: Aborted",
                "",
                "Stack (most recent call first):",
                "  File \"/srv/app/app.py\", line 4 in work",
                "  ...",
                "Thread 0x00007f01 (most recent call first):",
                "  <no Python frame>",
                "");
        Parsed p = text(text, codeOf(Map.of("app.py", "import time\n\ndef work():\n    time.sleep(9)\n")));
        List<RuntimeStack> st = p.all(RuntimeStack.class);
        assertEquals(2, st.size());
        assertNull(st.get(0).owner());
        assertEquals("app.py", p.frames(st.get(0)).get(0).module());
        assertEquals(0, st.get(1).frames());
        assertTrue(p.diagnostics().isEmpty(), p.diagnostics().toString());
    }

    @Test
    void watchdogDumpOfABlockedLoopThreeWays() throws IOException {
        Parsed p = sample("blocked_loop_watchdog");
        List<RuntimeStack> st = p.all(RuntimeStack.class);
        RuntimeStack loop = st.stream().filter(s -> s.format().equals("faulthandler") && s.loop()).findFirst().orElseThrow();
        assertEquals(2, loop.callbackFrame());
        assertEquals(List.of("sync_http_get", "handler", "_run"), p.frames(loop).subList(0, 3).stream().map(RuntimeFrame::name).toList());
        RuntimeStack formatStack = st.stream().filter(s -> s.format().equals("format-stack")).findFirst().orElseThrow();
        assertEquals(2, formatStack.callbackFrame());
        assertEquals("time.sleep(30)          # stands in for requests.get(url) / socket.recv without timeout", p.frames(formatStack).get(0).code());
        RuntimeTask running = p.tasks("Task-3").get(0);
        assertNull(running.waitFor());
        assertEquals(1, p.stackOf(running).callbackFrame());
        RuntimeTask starved = p.tasks("Task-4").get(0);
        assertEquals("Future finished", starved.waitFor());
        assertEquals(List.of("gather.<locals>._done_callback"), starved.callbacks());
    }

    @Test
    void shutdownParkedInCancelAllTasks() throws IOException {
        RuntimeStack s = sample("shutdown_hang").all(RuntimeStack.class).get(0);
        assertTrue(s.cancelAllTasks());
        assertTrue(s.idle(), "the loop waits in select for the cancelled task");
        assertEquals(-1, s.callbackFrame());
    }

    @Test
    void printStackHeaderVariants() throws IOException {
        Parsed p = sample("print_stack_variants");
        RuntimeTask ok = p.tasks("ok").get(0);
        assertEquals("finished", ok.state());
        assertFalse(ok.running());
        RuntimeTask boom = p.tasks("boom").get(0);
        assertEquals("KeyError('missing')", boom.exception());
        RuntimeStack tb = p.stackOf(boom);
        assertEquals("traceback", tb.kind());
        assertEquals("KeyError: 'missing'", tb.exception());
        RuntimeTask parked = p.tasks("parked").get(0);
        assertEquals("Future pending", parked.waitFor());
        assertEquals(15, parked.line());
        assertTrue(p.tasks("parked").stream().anyMatch(t -> t.state().equals("cancelled")));
        RuntimeTask main = p.tasks("Task-1").get(0);
        RuntimeStack running = p.stackOf(main);
        assertEquals(8, running.frames());
        assertEquals("t.print_stack(file=sys.stdout)", p.frames(running).get(0).code());
    }

    @Test
    void lockDeadlockDumpsOfFiveVersions() throws IOException {
        Parsed p = sample("lock_deadlock");
        List<RuntimeLock> locks = p.all(RuntimeLock.class);
        RuntimeLock accounts = locks.get(0);
        assertEquals("accounts_lock", accounts.label());
        assertEquals("Lock", accounts.type());
        assertTrue(accounts.locked());
        assertEquals(2, accounts.waiters());
        RuntimeLock sem = locks.stream().filter(l -> "sem".equals(l.label())).findFirst().orElseThrow();
        assertFalse(sem.locked());
        assertEquals(1, sem.value());
        RuntimeLock queue = locks.stream().filter(l -> l.type().equals("Queue")).findFirst().orElseThrow();
        assertEquals(1, queue.waiters());
        assertEquals(1, queue.value());
        // Six dumps (3.11, 3.9, 3.10, 3.12, 3.13, no debug): a task seen again starts the next one.
        assertEquals(6, p.tasks("transfer-A").stream().map(RuntimeTask::dump).distinct().count());
        assertEquals(accounts.dump(), p.tasks("transfer-A").get(0).dump(), "the lock reprs belong to the dump they precede");
        for (RuntimeTask t : p.tasks("transfer-B")) {
            assertEquals(15, t.line());
            assertEquals("lock_deadlock.py", t.module());
            assertTrue(t.running());
        }
        // The hand-written await chain: Lock.acquire on 3.11+, bare `acquire` on 3.9/3.10.
        List<RuntimeStack> chains = p.all(RuntimeStack.class).stream().filter(s -> s.format().equals("await-chain")).toList();
        assertEquals(30, chains.size());
        Set<String> innermost = new TreeSet<>();
        for (RuntimeStack c : chains) if (c.frames() == 3) innermost.add(p.frames(c).get(0).name());
        assertEquals(Set.of("Lock.acquire", "acquire"), innermost);
        List<RuntimeStack> idle = p.all(RuntimeStack.class).stream().filter(s -> s.format().equals("faulthandler") && s.loop()).toList();
        assertEquals(6, idle.size());
        assertTrue(idle.stream().allMatch(RuntimeStack::idle), "the deadlocked loop waits in select");
    }

    @Test
    void neverAwaitedWarningsWithAndWithoutDebugAndTracemalloc() throws IOException {
        Parsed p = sample("never_awaited");
        List<RuntimeMessage> m = p.messages("never-awaited");
        assertEquals(12, m.size(), "six runs, two warnings each");
        assertEquals(Set.of("save_record", "sleep"), Set.copyOf(m.stream().map(RuntimeMessage::detail).toList()));
        RuntimeMessage first = m.get(0);
        assertEquals("never_awaited.py", first.module());
        assertEquals(9, first.line());
        assertNotNull(first.stack());
        assertTrue(p.all(RuntimeStack.class).stream().anyMatch(s -> s.format().equals("tracemalloc") && s.frames() == 5));
        assertTrue(p.all(RuntimeStack.class).stream().allMatch(s -> s.kind().equals("creation")));
    }

    @Test
    void exceptionsNeverRetrievedOfFutureTaskAndGather() throws IOException {
        Parsed p = sample("exception_never_retrieved");
        List<RuntimeMessage> m = p.messages("exception-never-retrieved");
        assertEquals(9, m.size());
        assertEquals(Set.of("Future", "Task", "_GatheringFuture"), Set.copyOf(m.stream().map(RuntimeMessage::detail).toList()));
        RuntimeMessage task = m.stream().filter(x -> x.detail().equals("Task")).findFirst().orElseThrow();
        assertEquals(11, task.line(), "debug mode: the creation stack points at create_task in main");
        RuntimeTask t = p.all(RuntimeTask.class).stream().filter(x -> x.id().equals(task.task())).findFirst().orElseThrow();
        assertEquals("send-email", t.name());
        assertEquals("ConnectionError('SMTP refused for bob')", t.exception());
        assertFalse(t.running());
        assertNotNull(t.fn());
        RuntimeMessage plain = m.stream().filter(x -> x.detail().equals("Future") && x.stack() == null).findFirst().orElseThrow();
        assertEquals(0, plain.line());
    }

    @Test
    void taskDestroyedPending() throws IOException {
        Parsed p = sample("task_destroyed_pending");
        List<RuntimeMessage> m = p.messages("task-destroyed-pending");
        assertEquals(6, m.size());
        assertEquals(12, m.get(0).line());
        assertEquals(23, m.get(1).line());
        RuntimeTask t = p.all(RuntimeTask.class).stream().filter(x -> x.id().equals(m.get(0).task())).findFirst().orElseThrow();
        assertEquals("orphan-waiter", t.name());
        assertEquals("pending", t.state());
        assertFalse(t.running(), "its frame was cleared by the GC: `done, defined at`");
        assertEquals(7, t.line());
    }

    @Test
    void loopReentranceErrors() throws IOException {
        Parsed p = sample("loop_reentrance");
        List<RuntimeMessage> m = p.messages("loop-reentrance");
        assertEquals(6, m.size());
        RuntimeMessage first = m.get(0);
        assertEquals("RuntimeError: asyncio.run() cannot be called from a running event loop", first.detail());
        assertEquals(11, first.line());
        assertEquals("loop_reentrance.py", first.module());
        RuntimeStack tb = p.all(RuntimeStack.class).stream().filter(s -> s.id().equals(first.stack())).findFirst().orElseThrow();
        assertEquals(List.of(11, 27), p.frames(tb).stream().filter(f -> f.module() != null).map(RuntimeFrame::line).toList());
        assertEquals(4, p.messages("never-awaited").size(), "the coupled warnings (3.9 deduplicates one)");
    }

    @Test
    void unclosedResourcesResourceWarnings() throws IOException {
        Parsed p = sample("unclosed_resources");
        assertEquals(4, p.messages("unclosed-stream").size());
        assertEquals(3, p.messages("unclosed-loop").size());
        assertEquals(3, p.messages("unclosed-transport").size());
        assertNull(p.messages("unclosed-stream").get(0).module(), "emitted inside asyncio/streams.py: context");
    }

    @Test
    void waitForLeakLocksWithoutHolder() throws IOException {
        Parsed p = sample("waitfor_leak");
        RuntimeLock sem = p.all(RuntimeLock.class).stream().filter(l -> l.waiters() == 2).findFirst().orElseThrow();
        assertEquals("sem", sem.label(), "the name inside `pool=<ConnPool sem=<...>>`");
        assertEquals("Semaphore", sem.type());
        assertTrue(sem.locked());
        for (RuntimeTask t : p.tasks("req-3")) {
            assertEquals(48, t.line());
            assertEquals(sem.dump() == t.dump() || t.snapLine() > 20, true);
        }
    }

    @Test
    void gatherOrphansAndEventRepr() throws IOException {
        Parsed p = sample("gather_orphan");
        RuntimeLock ev = p.all(RuntimeLock.class).get(0);
        assertEquals("Event", ev.type());
        assertEquals("unset", ev.state());
        assertEquals(2, ev.waiters());
        assertEquals("event", ev.label());
        assertTrue(p.all(RuntimeTask.class).stream().anyMatch(t -> t.type().equals("_GatheringFuture") && t.exception() != null));
        assertEquals(List.of("gather.<locals>._done_callback"), p.tasks("Task-3").get(0).callbacks());
    }

    @Test
    void swallowedCancelCancellingState() throws IOException {
        Parsed p = sample("swallowed_cancel");
        List<RuntimeTask> poller = p.tasks("poller");
        assertEquals(4, poller.size());
        assertEquals(List.of("cancelling", "pending", "cancelling", "cancelling"), poller.stream().map(RuntimeTask::state).toList(),
                "3.11, 3.9 (no cancelling state), 3.12, 3.13");
        assertTrue(poller.stream().allMatch(t -> "Future pending".equals(t.waitFor())));
        assertEquals("Task cancelling", p.tasks("Task-1").get(2).waitFor(), "3.12 nests the awaited task's repr");
        assertEquals(List.of("_release_waiter"), poller.get(0).callbacks());
    }

    @Test
    void exceptionInCallbackDebugAndArgumentHiding() throws IOException {
        Parsed p = sample("exception_in_callback");
        List<RuntimeMessage> m = p.messages("exception-in-callback");
        assertEquals(6, m.size());
        assertEquals("int()", m.get(4).detail(), "3.13 hides arguments outside debug mode");
        RuntimeMessage lambda = m.get(1);
        assertEquals(8, lambda.line(), "the innermost frame of the tree in the traceback: on_done");
    }

    @Test
    void nonThreadsafeCall() throws IOException {
        Parsed p = sample("non_threadsafe");
        RuntimeMessage m = p.messages("non-threadsafe").get(0);
        assertEquals(15, m.line());
        assertEquals("non_threadsafe.py", m.module());
    }

    @Test
    void blockbusterErrors() throws IOException {
        Parsed p = sample("blockbuster_output");
        List<RuntimeMessage> m = p.messages("blocking-error");
        assertEquals(4, m.size());
        assertEquals(List.of("time.sleep", "io.TextIOWrapper.read", "socket.socket.connect", "time.sleep"),
                m.stream().map(RuntimeMessage::detail).toList());
        assertEquals(1, p.messages("exception-never-retrieved").size());
    }

    @Test
    void aiomonitorPsAndWhere() throws IOException {
        Parsed p = sample("aiomonitor_format_emulation");
        List<RuntimeTask> ps = p.all(RuntimeTask.class).stream().filter(t -> t.stack() == null).toList();
        assertEquals(List.of("transfer-A", "Task-1", "transfer-B"), ps.stream().map(RuntimeTask::name).toList());
        assertEquals("pending", ps.get(0).state());
        assertEquals("transfer", ps.get(0).coro());
        RuntimeTask where = p.all(RuntimeTask.class).stream().filter(t -> t.stack() != null).findFirst().orElseThrow();
        assertEquals("transfer-A", where.name());
        assertEquals(47, where.line());
        List<RuntimeFrame> f = p.frames(p.stackOf(where));
        assertEquals(List.of("acquire", "__aenter__", "transfer"), f.stream().map(RuntimeFrame::name).toList());
        assertEquals("async with second:", f.get(2).code());
    }

    @Test
    void python314PsPstreeAndCycle() throws IOException {
        Parsed p = sample("py314_ps_pstree_emulation");
        assertEquals("3.14", p.snapshot().python());
        List<RuntimeTask> ps = p.all(RuntimeTask.class).stream().filter(t -> t.source().equals("ps")).toList();
        assertEquals(8, ps.size());
        RuntimeTask a = ps.get(1);
        assertEquals("transfer-A", a.name());
        assertEquals("Task-1", a.awaitedBy());
        assertEquals(List.of("Lock.acquire", "_ContextManagerMixin.__aenter__", "transfer"),
                p.frames(p.stackOf(a)).stream().map(RuntimeFrame::name).toList());
        assertEquals("0x0", "0x0");
        List<RuntimeTask> tree = p.all(RuntimeTask.class).stream().filter(t -> t.source().equals("pstree")).toList();
        assertEquals(6, tree.size());
        RuntimeTask ta = tree.get(1);
        assertEquals("transfer-A", ta.name());
        assertEquals("Task-1", ta.awaitedBy());
        assertEquals("app.py", ta.path());
        assertEquals(15, ta.line());
        assertEquals(List.of("Lock.acquire", "_ContextManagerMixin.__aenter__", "transfer"),
                p.frames(p.stackOf(ta)).stream().map(RuntimeFrame::name).toList());
        RuntimeTask poller = tree.get(5);
        assertEquals("poller", poller.name());
        assertEquals("Task-1", poller.awaitedBy());
        RuntimeMessage cycle = p.messages("await-cycle").get(0);
        assertEquals("Task-3 → Task-2 → Task-3", cycle.detail());
    }

    @Test
    void pySpyDumps() throws IOException {
        Parsed p = sample("pyspy_dump_reference");
        assertEquals("3.8", p.snapshot().python());
        List<RuntimeStack> st = p.all(RuntimeStack.class);
        assertEquals(4, st.size());
        RuntimeStack idle = st.get(0);
        assertEquals("MainThread", idle.owner());
        assertTrue(idle.loop() && idle.idle());
        assertEquals(0, p.frames(st.get(2)).get(0).line(), "native frame");
        assertEquals("libc.so.6", p.frames(st.get(2)).get(0).path());
        RuntimeStack blocked = st.get(3);
        assertEquals(2, blocked.callbackFrame());
        assertFalse(blocked.idle());
        RuntimeFrame top = p.frames(blocked).get(0);
        assertEquals("sync_http_get", top.name());
        assertEquals("app.py", top.path());
        assertEquals(16, top.line());
    }

    @Test
    void pySpyJson() {
        String json = """
                [
                  {
                    "pid": 4242,
                    "thread_id": 139880313707392,
                    "thread_name": "MainThread",
                    "os_thread_id": 4242,
                    "active": true,
                    "owns_gil": false,
                    "frames": [
                      {"name": "sync_http_get", "filename": "/srv/app/app.py", "module": null, "short_filename": "app.py", "line": 16, "locals": null},
                      {"name": "handler", "filename": "/srv/app/app.py", "module": null, "short_filename": "app.py", "line": 21, "locals": null},
                      {"name": "_run", "filename": "/usr/lib/python3.11/asyncio/events.py", "module": null, "short_filename": "asyncio/events.py", "line": 80, "locals": null},
                      {"name": "_run_once", "filename": "/usr/lib/python3.11/asyncio/base_events.py", "module": null, "short_filename": "asyncio/base_events.py", "line": 1914, "locals": null}
                    ],
                    "process_info": null
                  }
                ]
                """;
        CodeMap code = codeOf(Map.of("app.py", "import time\n" + "\n".repeat(13) + "def sync_http_get(url):\n    time.sleep(30)\n"
                + "\n\n\nasync def handler(url):\n    return sync_http_get(url)\n"));
        Parsed p = text(json, code);
        assertTrue(p.diagnostics().isEmpty(), p.diagnostics().toString());
        RuntimeStack s = p.all(RuntimeStack.class).get(0);
        assertEquals("py-spy-json", s.format());
        assertEquals("MainThread", s.owner());
        assertEquals(2, s.callbackFrame());
        RuntimeFrame f = p.frames(s).get(1);
        assertEquals("handler", f.name());
        assertEquals("app.py", f.module());
        assertEquals(21, f.line());
        assertNotNull(f.fn());
        assertEquals(11, f.snapLine(), "the line of the frame's object in the JSON");
    }

    @Test
    void python314PrintCallGraph() {
        String text = """
                * Task(name='Task-2', id=0x1039f0fe0)
                  + Call stack:
                  |   File '/home/u/t2.py', line 4, in async test()
                  + Awaited by:
                      * Task(name='Task-1', id=0x103a5e060)
                          + Call stack:
                          |   File '/usr/lib/python3.14/asyncio/taskgroups.py', line 107, in async TaskGroup.__aexit__()
                          |   File '/home/u/t2.py', line 7, in async main()
                """;
        CodeMap code = codeOf(Map.of("t2.py", "import asyncio\n\nasync def test():\n    await asyncio.sleep(1)\n\n"
                + "async def main():\n    async with asyncio.TaskGroup() as tg:\n        tg.create_task(test())\n"));
        Parsed p = text(text, code);
        assertTrue(p.snapshot().formats().contains("call-graph"));
        RuntimeTask t2 = p.tasks("Task-2").get(0);
        assertEquals("Task-1", t2.awaitedBy());
        assertEquals(4, t2.line());
        assertEquals("t2.py", t2.module());
        RuntimeTask t1 = p.tasks("Task-1").get(0);
        assertEquals(7, t1.line());
        assertEquals("main", t1.coro());
        assertEquals(List.of("TaskGroup.__aexit__", "main"), p.frames(p.stackOf(t1)).stream().map(RuntimeFrame::name).toList());
    }

    @Test
    void clientAndPoolMessages() throws IOException {
        Parsed p = sample("http_db_client_messages");
        assertEquals(1, p.messages("unclosed-session").size());
        assertEquals(1, p.messages("unclosed-connector").size());
        assertEquals(1, p.messages("connection-gc").size());
        List<String> pools = p.messages("pool-exhausted").stream().map(RuntimeMessage::detail).toList();
        assertTrue(pools.contains("QueuePool size 5 overflow 10"), pools.toString());
        assertTrue(pools.contains("PoolTimeout"), pools.toString());
        String more = """
                2024-05-01 12:00:00,123 WARNING py.warnings: /srv/app/db.py:41: ResourceWarning: unclosed connection <asyncpg.connection.Connection object at 0x7f>; run in asyncio debug mode to show the traceback of connection origin
                /srv/venv/lib/python3.11/site-packages/httpx/_client.py:2013: UserWarning: Unclosed <httpx.AsyncClient object at 0x7f00>. See https://www.python-httpx.org/async/#opening-and-closing-clients for details.
                httpx.PoolTimeout
                asyncpg.exceptions._base.InterfaceError: cannot perform operation: another operation is in progress
                OSError: [Errno 24] Too many open files
                """;
        Parsed q = text(more, codeOf(Map.of("db.py", "x = 1\n".repeat(50))));
        RuntimeMessage conn = q.messages("unclosed-connection").get(0);
        assertEquals("db.py", conn.module());
        assertEquals(41, conn.line());
        assertEquals(1, q.messages("unclosed-client").size());
        assertEquals(1, q.messages("pool-exhausted").size());
        assertEquals(1, q.messages("operation-in-progress").size());
        assertEquals(1, q.messages("fd-exhausted").size());
    }

    @Test
    void loggingPrefixesJsonLogsAndInterleavedNoise() {
        String text = String.join("\n",
                "2024-05-01T12:00:00.123Z stderr F Executing <Task pending name='t' coro=<handle() running at /opt/svc/app/api.py:5> cb=[Task.task_wakeup()]> took 0.250 seconds",
                "{\"time\": \"2024-05-01T12:00:01\", \"level\": \"ERROR\", \"logger\": \"asyncio\", \"message\": \"Task was destroyed but it is pending!\\ntask: <Task pending name='bg' coro=<handle() done, defined at /opt/svc/app/api.py:3> wait_for=<Future pending cb=[Task.task_wakeup()]>>\"}",
                "May  1 12:00:02 host svc[42]: GET /health 200",
                "[12:00:03] INFO serving",
                "Thread 0x00007f0000000001 (most recent call first):",
                "  File \"/opt/svc/app/api.py\", line 5 in handle",
                "some unrelated output in between",
                "  File \"/usr/lib/python3.12/asyncio/events.py\", line 84 in _run",
                "");
        CodeMap code = codeOf(Map.of("app/api.py", "import asyncio\n\nasync def handle():\n    await asyncio.sleep(0)\n    await asyncio.sleep(1)\n"));
        Parsed p = text(text, code);
        SlowCallback s = p.all(SlowCallback.class).get(0);
        assertEquals("app/api.py", s.module());
        assertEquals(5, s.line());
        assertEquals(250, s.millis());
        assertEquals(1, s.snapLine());
        RuntimeMessage d = p.messages("task-destroyed-pending").get(0);
        assertEquals(2, d.snapLine());
        RuntimeTask bg = p.tasks("bg").get(0);
        assertEquals("app/api.py", bg.module());
        assertEquals(2, bg.snapLine(), "both lines of the JSON record keep the record's line");
        RuntimeStack thread = p.all(RuntimeStack.class).get(0);
        assertEquals(1, thread.frames(), "noise ends the dump");
    }

    @Test
    void taskReprVariants() {
        String text = String.join("\n",
                "<Task pending name='a' coro=<Worker.run() running at C:\\srv\\app\\worker.py:7> wait_for=<Future pending cb=[<TaskWakeupMethWrapper object at 0x7f>()]> cb=[_gather.<locals>._done_callback() at /usr/lib/python3.9/asyncio/tasks.py:767]>",
                "<Task cancelling name='Task-1' coro=<main() running at /srv/app/main.py:4> wait_for=<Task cancelling name='b' coro=<poll() running at /srv/app/main.py:9> wait_for=<Future pending cb=[Task.task_wakeup()]> cb=[Task.task_wakeup()]> cb=[_run_until_complete_cb() at /usr/lib/python3.12/asyncio/base_events.py:180]>",
                "<Task finished name=\"it's\" coro=<main.<locals>.inner() done, defined at /srv/app/main.py:2> exception=ValueError('a > b, (c')>",
                "<Task pending name='c' coro=<poll() running at /srv/app/main.py:9> cb=[gather.<locals>._done_callback()]>",
                "");
        Parsed p = text(text, codeOf(Map.of("app/worker.py", "class Worker:\n    async def run(self):\n        pass\n" + "\n".repeat(5),
                "app/main.py", "async def main():\n    async def inner():\n        pass\n    await x\n" + "\n".repeat(10))));
        RuntimeTask a = p.tasks("a").get(0);
        assertEquals("Worker.run", a.coro());
        assertEquals("app/worker.py", a.module(), "a Windows path maps by suffix");
        assertEquals(List.of("_gather.<locals>._done_callback"), a.callbacks());
        assertEquals("Future pending", a.waitFor());
        RuntimeTask main = p.tasks("Task-1").get(0);
        assertEquals("cancelling", main.state());
        assertEquals("Task cancelling", main.waitFor());
        assertEquals(List.of("_run_until_complete_cb"), main.callbacks(), "the outer task's callbacks, not the nested one's");
        RuntimeTask inner = p.tasks("it's").get(0);
        assertEquals("main.<locals>.inner", inner.coro());
        assertEquals("ValueError('a > b, (c')", inner.exception());
        assertEquals("finished", inner.state());
        assertEquals(List.of("gather.<locals>._done_callback"), p.tasks("c").get(0).callbacks(), "3.13 hides callback arguments");
    }

    @Test
    void pathsFromAnotherMachineMapBySuffix() {
        CodeMap code = codeOf(Map.of("src/app/worker.py", "def f():\n    pass\n", "src/app/__init__.py", "", "lib/util.py", "def g():\n    pass\n",
                "other/util2.py", ""));
        assertEquals("src/app/worker.py", code.module("/srv/deploy/src/app/worker.py"));
        assertEquals("src/app/worker.py", code.module("/opt/app/worker.py"), "folder and file agree");
        assertEquals("src/app/worker.py", code.module("worker.py"), "a unique file name");
        assertEquals("lib/util.py", code.module("C:\\build\\lib\\util.py"));
        assertNull(code.module("/usr/lib/python3.11/asyncio/events.py"));
        assertNull(code.module("/home/u/.venv/lib/python3.12/site-packages/app/worker.py"));
        assertNull(code.module("asyncio/base_events.py"));
        assertNull(code.module("/x/__init__.py"), "generic names need their folder");
        assertEquals("src/app/__init__.py", code.module("/x/app/__init__.py"));
        assertNull(code.module("/srv/elsewhere/nothing.py"));
        assertNotNull(code.functionAt("src/app/worker.py", 2));
    }

    @Test
    void truncatedSnapshotsWarnWithFileAndLine() {
        String text = "ok line\nStack for <Task pending name='x' coro=<f() running at /a.py:3> wait_for=<Future pending>> (most recent call last):\n";
        Parsed p = text(text, CodeMap.empty());
        assertEquals(1, p.diagnostics().size());
        Diagnostic d = p.diagnostics().get(0);
        assertEquals("snap.txt", d.file());
        assertEquals(2, d.line());
        assertTrue(d.message().startsWith("truncated"), d.message());

        Parsed q = text("Thread 0x00007f00 (most recent call first):\n", CodeMap.empty());
        assertEquals(1, q.diagnostics().get(0).line());

        Parsed r = text("Executing <Task pending name='t' coro=<f() running at /a.py:3> cb=[Task.task_wake", CodeMap.empty());
        assertTrue(r.diagnostics().isEmpty() || r.diagnostics().get(0).line() == 1);

        Parsed none = text("hello\nworld\n", CodeMap.empty());
        assertEquals(1, none.diagnostics().size());
        assertTrue(none.diagnostics().get(0).message().startsWith("no runtime data recognized"));
    }

    @Test
    void garbageNeverCrashes() throws IOException {
        Random rnd = new Random(42);
        List<String> pieces = List.of("<Task ", "pending ", "name='", "coro=<", "() running at ", "/a.py:", "12", ">", "[", "]",
                "Stack for ", " (most recent call last):", "\n", "  File \"", "\", line ", " in ", ", in ", "Thread 0x1 (most recent call first):",
                "Executing ", " took 0.3 seconds", "<asyncio.locks.Lock object at 0x1 [locked, waiters:", "Traceback (most recent call last):",
                "└── ", "(T) ", "* Task(name='x', id=0x1)", "  |   File 'a.py', line 3, in async f()", "tid  task id  task name  coroutine stack  awaiter chain",
                "| 1  PENDING  a  f()  -  - |", "{\"message\": \"", "\"}", "\u0000", "\u00ff", "'", "\"", "->", " -> ", ":", "\t");
        for (int round = 0; round < 300; round++) {
            StringBuilder sb = new StringBuilder();
            int n = rnd.nextInt(80);
            for (int i = 0; i < n; i++) sb.append(pieces.get(rnd.nextInt(pieces.size())));
            SnapshotParser.Result r = SnapshotParser.parse("fuzz.txt", 1, sb.toString(), CodeMap.empty());
            assertNotNull(r.facts());
            for (Diagnostic d : r.diagnostics()) assertEquals("fuzz.txt", d.file());
        }
        Path bin = Files.createTempFile("snap", ".bin");
        try {
            byte[] bytes = new byte[4096];
            rnd.nextBytes(bytes);
            Files.write(bin, bytes);
            SnapshotParser.Result r = SnapshotParser.parse(bin, "blob.bin", 1, CodeMap.empty());
            assertFalse(r.diagnostics().isEmpty());
            assertTrue(r.diagnostics().stream().allMatch(d -> d.file().equals("blob.bin")));
        } finally {
            Files.deleteIfExists(bin);
        }
        SnapshotParser.Result missing = SnapshotParser.parse(Path.of("/nonexistent/snap.txt"), "snap.txt", 1, CodeMap.empty());
        assertEquals("snap.txt", missing.diagnostics().get(0).file());
        String utf8 = new String("Executing <Handle cb() at /ä.py:1> took 0.2 seconds\n".getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        assertEquals(1, SnapshotParser.parse("u.txt", 1, utf8, CodeMap.empty()).facts().stream().filter(SlowCallback.class::isInstance).count());
    }
}
