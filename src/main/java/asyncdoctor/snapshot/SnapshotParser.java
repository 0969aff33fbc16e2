package asyncdoctor.snapshot;

import asyncdoctor.extract.Diagnostic;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns one runtime snapshot into facts (facts-schema/snapshot.yaml). The file may hold any mix of
 * the formats of ../shared/reference/snapshot-formats.md, with logging prefixes, interleaved output
 * of the program and paths of another machine: the parser reads it line by line, recognizes each
 * block by its header or its shape, and skips what it does not know. It never throws: a truncated
 * or unreadable part becomes a warning that names the file and line.
 *
 * <p>Recognized: slow-callback lines ({@code Executing <...> took N seconds}, also from aiodebug);
 * Task/Future/Handle reprs and {@code Stack for / Traceback for / No stack for} blocks (3.9-3.14);
 * tracebacks and {@code traceback.format_stack()} output; warnings ({@code coroutine ... was never
 * awaited}, ResourceWarning {@code unclosed ...}) with their {@code Coroutine created at} and
 * {@code Object allocated at} blocks; default exception handler messages (destroyed pending,
 * never retrieved, exception in callback, aiohttp unclosed session/connector) with their context
 * keys; faulthandler dumps; py-spy dump (text and --json); Python 3.14 {@code ps}, {@code pstree}
 * and {@code print_call_graph}; aiomonitor {@code ps}/{@code where}; aiodebug hang files;
 * hand-written await chains ({@code f a.py:15 -> Lock.acquire locks.py:114}); lock and queue
 * reprs; pool exhaustion and loop re-entrance messages.
 */
public final class SnapshotParser {
    /** The facts of one snapshot and the warnings met reading it. */
    public record Result(List<Object> facts, List<Diagnostic> diagnostics) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Pattern SLOW = Pattern.compile("Executing (<.*) took (\\d+(?:\\.\\d+)?) seconds");
    private static final Pattern TASK_STACK_HEAD = Pattern.compile("^\\s*(Stack|Traceback) for (<.*) \\(most recent call last\\):?\\s*$");
    private static final Pattern NO_STACK = Pattern.compile("^\\s*No stack for (<.*)$");
    private static final Pattern FAULT_HEAD = Pattern.compile("^\\s*(?:(Current thread|Thread) (0x[0-9a-fA-F]+)|Stack) \\(most recent call first\\):\\s*$");
    private static final Pattern FAULT_FRAME = Pattern.compile("^\\s*File \"(.*)\", line (\\d+) in (.+?)\\s*$");
    private static final Pattern TB_FRAME = Pattern.compile("^(\\s*)File \"(.*)\", line (\\d+), in (.+?)\\s*$");
    private static final Pattern TRACEMALLOC_FRAME = Pattern.compile("^(\\s*)File \"(.*)\", lineno (\\d+)\\s*$");
    private static final Pattern AIODEBUG_FRAME = Pattern.compile("^File: \"(.*)\", line (\\d+), in (.+?)\\s*$");
    private static final Pattern PYSPY_THREAD = Pattern.compile("^Thread (\\d+|0x[0-9A-Fa-f]+) \\((idle|active|active\\+gil|gil)\\)(?:: \"(.*)\")?\\s*$");
    private static final Pattern PYSPY_FRAME = Pattern.compile("^\\s{2,}(\\S.*?) \\(([^()]+?)(?::(\\d+))?\\)\\s*$");
    private static final Pattern PYSPY_PYTHON = Pattern.compile("^Python v(\\d+\\.\\d+)");
    private static final Pattern TRACEBACK_HEAD = Pattern.compile("^\\s*Traceback \\(most recent call last\\):\\s*$");
    private static final Pattern WARNING = Pattern.compile("^(.+?):(\\d+): ([A-Z]\\w*Warning): (.*)$");
    private static final Pattern EXCEPTION_LINE = Pattern.compile("^([A-Za-z_][\\w.]*)(?::\\s?(.*))?$");
    private static final Pattern CALL_GRAPH_TASK = Pattern.compile("^(\\s*)\\* (?:Task\\(name=(?:'(.*)'|\"(.*)\"), id=(0x[0-9a-fA-F]+)\\)|Future\\(id=(0x[0-9a-fA-F]+)\\))\\s*$");
    private static final Pattern CALL_GRAPH_FRAME = Pattern.compile("^\\s*\\|\\s+File (?:'(.*)'|\"(.*)\"), line (\\d+), in (?:async generator |async |generator )?(.+?)\\(\\)\\s*$");
    private static final Pattern PSTREE_LINE = Pattern.compile("^((?:[│ ] {3}|\\| {3}| {4})*)(?:└── |├── |`-- |\\|-- )(.*)$");
    private static final Pattern PS_HEADER = Pattern.compile("^\\s*tid\\s+task id\\s+task name\\s+coroutine stack\\s+awaiter chain");
    private static final Pattern AIOMON_HEADER = Pattern.compile("^\\|\\s*Task ID\\s+State\\s+Name\\s+Coroutine");
    private static final Pattern AIOMON_WHERE = Pattern.compile("^\\s*Stack of (<.*?>|the root task.*?)\\s*\\(most recent call last\\)\\s*$");
    private static final Pattern AIODEBUG_THREAD = Pattern.compile("^# ThreadID: (\\d+)\\s*$");
    private static final Pattern CHAIN_PART = Pattern.compile("^([\\w.<>]+) ([^\\s:]+\\.pyw?):(\\d+)$");
    private static final Pattern PYTHON_PATH = Pattern.compile("[/\\\\]python(3\\.\\d{1,2})[/\\\\]");
    private static final Pattern CREATED_AT = Pattern.compile("(?:created|allocated) at \\(most recent call last\\):?\\s*$");
    private static final Pattern CARET = Pattern.compile("^\\s*[\\^~ ]+\\s*$");

    /** Messages of the default exception handler (logger asyncio) and aiohttp, with their kind. */
    private static final List<Object[]> HANDLER_MESSAGES = List.of(
            new Object[] {Pattern.compile("Task was destroyed but it is pending!"), "task-destroyed-pending"},
            new Object[] {Pattern.compile("(\\w+) exception was never retrieved"), "exception-never-retrieved"},
            new Object[] {Pattern.compile("Exception in callback (.+)$"), "exception-in-callback"},
            new Object[] {Pattern.compile("Unhandled exception in client_connected_cb"), "exception-in-callback"},
            new Object[] {Pattern.compile("unhandled exception during asyncio\\.run\\(\\) shutdown"), "shutdown-error"},
            new Object[] {Pattern.compile("Task (<.*>) has errored out but its parent task (.*) is already completed"), "taskgroup-orphan"},
            new Object[] {Pattern.compile("^\\s*Unclosed client session"), "unclosed-session"},
            new Object[] {Pattern.compile("^\\s*Unclosed connector"), "unclosed-connector"},
            new Object[] {Pattern.compile("^\\s*Unclosed connection"), "unclosed-connection"},
            new Object[] {Pattern.compile("^\\s*Unclosed response"), "unclosed-response"},
            new Object[] {Pattern.compile("socket\\.accept\\(\\) out of system resource"), "fd-exhausted"},
            new Object[] {Pattern.compile("Fatal (?:read |write )?error on (?:socket |SSL |pipe )?(?:transport|protocol)|Fatal error: protocol\\."), "transport-error"});

    /** Messages recognized anywhere in a line (exception lines, logged errors). */
    private static final List<Object[]> LINE_MESSAGES = List.of(
            new Object[] {Pattern.compile("QueuePool limit of size (\\d+) overflow (\\d+) reached"), "pool-exhausted"},
            new Object[] {Pattern.compile("\\bPoolTimeout\\b"), "pool-exhausted"},
            new Object[] {Pattern.compile("Connection timeout to host"), "pool-exhausted"},
            new Object[] {Pattern.compile("Connection pool is full|connection pool (?:is )?exhausted|pool exhausted", Pattern.CASE_INSENSITIVE), "pool-exhausted"},
            new Object[] {Pattern.compile("cannot perform operation: another operation is in progress"), "operation-in-progress"},
            new Object[] {Pattern.compile("released back to the pool"), "operation-in-progress"},
            new Object[] {Pattern.compile("garbage collector is trying to clean up non-checked-in connection"), "connection-gc"},
            new Object[] {Pattern.compile("Too many open files|\\[Errno 24\\]|\\bEMFILE\\b"), "fd-exhausted"},
            new Object[] {Pattern.compile("(?:asyncio\\.run|Runner\\.run)\\(\\) cannot be called from a running event loop|This event loop is already running|Cannot run the event loop while another loop is running"), "loop-reentrance"},
            new Object[] {Pattern.compile("Cannot enter into task .* while another task .* is being executed|Leaving task .* does not match the current task"), "task-reentrance"},
            new Object[] {Pattern.compile("Non-thread-safe operation invoked on an event loop other than the current one"), "non-threadsafe"},
            new Object[] {Pattern.compile("got Future .* attached to a different loop|is bound to a different event loop"), "different-loop"},
            new Object[] {Pattern.compile("BlockingError: Blocking call to (\\S+)"), "blocking-error"},
            new Object[] {Pattern.compile("Lock is not acquired\\.|BoundedSemaphore released too many times|task_done\\(\\) called too many times"), "double-release"},
            new Object[] {Pattern.compile("unhandled exception during asyncio\\.run\\(\\) shutdown"), "shutdown-error"});

    private final String display;
    private final String prefix;
    private final CodeMap code;
    private final List<LogLines.Line> lines;
    private final List<Object> facts = new ArrayList<>();
    private final List<Diagnostic> diags = new ArrayList<>();
    private final Set<String> formats = new LinkedHashSet<>();
    private String python;
    private int seq;
    private int dump;
    private final Set<String> seenInDump = new HashSet<>();
    /** The last task repr printed on a line of its own: a `Stack for` header right after it is the same task. */
    private int lastTaskFact = -1;
    private int lastTaskLine = -10;
    private String lastTaskRepr;

    private SnapshotParser(String display, int fileIndex, CodeMap code, List<LogLines.Line> lines) {
        this.display = display;
        this.prefix = "snap" + fileIndex + ":";
        this.code = code == null ? CodeMap.empty() : code;
        this.lines = lines;
    }

    /** Reads and parses a snapshot file; `display` is how the file is named in facts and messages. */
    public static Result parse(Path file, String display, int fileIndex, CodeMap code) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException | RuntimeException e) {
            return new Result(List.of(), List.of(Diagnostic.warning(display, 0, "cannot read snapshot: " + e.getMessage())));
        }
        List<String> decodeWarnings = new ArrayList<>();
        String text = LogLines.decode(bytes, decodeWarnings);
        Result r = parse(display, fileIndex, text, code);
        if (decodeWarnings.isEmpty()) return r;
        List<Diagnostic> d = new ArrayList<>();
        for (String w : decodeWarnings) d.add(Diagnostic.warning(display, 0, w));
        d.addAll(r.diagnostics());
        return new Result(r.facts(), d);
    }

    /** Parses snapshot text. */
    public static Result parse(String display, int fileIndex, String text, CodeMap code) {
        SnapshotParser p = new SnapshotParser(display, fileIndex, code, LogLines.of(text == null ? "" : text));
        p.run(text == null ? "" : text);
        return new Result(List.copyOf(p.facts), List.copyOf(p.diags));
    }

    // ------------------------------------------------------------------------------------------
    // driver

    private void run(String raw) {
        String trimmed = raw.strip();
        if (trimmed.startsWith("[") && trimmed.contains("\"frames\"")) {
            try {
                pySpyJson(raw);
            } catch (IOException | RuntimeException e) {
                warn(1, "py-spy --json output that cannot be read (" + firstLine(e.getMessage()) + "); reading it as text");
            }
        }
        int i = 0;
        while (i < lines.size()) {
            int next;
            try {
                next = step(i);
            } catch (RuntimeException e) {
                warn(lines.get(i).number(), "unreadable, skipped (" + e.getClass().getSimpleName() + ": " + firstLine(e.getMessage()) + ")");
                next = i + 1;
            }
            i = Math.max(next, i + 1);
        }
        if (python == null) {
            for (LogLines.Line l : lines) {
                Matcher m = PYTHON_PATH.matcher(l.text());
                if (m.find()) { python = m.group(1); break; }
            }
        }
        if (formats.isEmpty() && !lines.isEmpty()) {
            warn(0, "no runtime data recognized (expected an asyncio debug log, task dump, faulthandler or py-spy dump, "
                    + "python -m asyncio ps/pstree, aiomonitor output or runtime warnings)");
        }
        facts.add(new Snapshot(display, lines.isEmpty() ? 0 : lines.get(lines.size() - 1).number(), new ArrayList<>(formats), python));
    }

    private int step(int i) {
        String t = text(i);
        if (t.isBlank()) return i + 1;
        Matcher m;
        if ((m = SLOW.matcher(t)).find()) return slowCallback(i, m);
        if ((m = TASK_STACK_HEAD.matcher(t)).find()) return taskStack(i, m.group(1).equals("Stack"), m.group(2));
        if ((m = NO_STACK.matcher(t)).find()) {
            formats.add("print-stack");
            taskFact(i, m.group(1), 0, "stack");
            return i + 1;
        }
        if ((m = AIOMON_WHERE.matcher(t)).find()) return aiomonitorWhere(i, m.group(1));
        if ((m = FAULT_HEAD.matcher(t)).find()) return faulthandler(i, m.group(2));
        if (t.startsWith("Timeout (") && t.endsWith(")!")) { formats.add("faulthandler"); return i + 1; }
        if (t.startsWith("Fatal Python error:")) { formats.add("faulthandler"); return i + 1; }
        if ((m = PYSPY_THREAD.matcher(t)).find()) return pySpyThread(i, m);
        if ((m = PYSPY_PYTHON.matcher(t)).find()) { formats.add("py-spy"); python = m.group(1); return i + 1; }
        if (t.startsWith("Process ") && t.matches("^Process \\d+: .*")) { formats.add("py-spy"); return i + 1; }
        if ((m = AIODEBUG_THREAD.matcher(t)).find()) return aiodebugThread(i, m.group(1));
        if (TRACEBACK_HEAD.matcher(t).find()) return traceback(i, null).next;
        if ((m = WARNING.matcher(t)).find() && !t.startsWith(" ")) return warning(i, m);
        for (Object[] hm : HANDLER_MESSAGES) {
            Matcher hmm = ((Pattern) hm[0]).matcher(t);
            if (hmm.find()) return handlerMessage(i, (String) hm[1], hmm);
        }
        if ((m = CALL_GRAPH_TASK.matcher(t)).find()) return callGraph(i);
        if (PSTREE_LINE.matcher(t).find()) return pstree(i);
        if (PS_HEADER.matcher(t).find()) return psTable(i);
        if (AIOMON_HEADER.matcher(t).find() || t.matches("^\\d+ tasks running.*")) return aiomonitorPs(i);
        if (t.contains("await-graph contains cycles")) return awaitCycle(i);
        if (CREATED_AT.matcher(t).find()) return creationStack(i);
        if (TB_FRAME.matcher(t).find()) return formatStack(i);
        if (t.contains(" -> ") && awaitChain(i)) return i + 1;
        plainLine(i);
        return i + 1;
    }

    // ------------------------------------------------------------------------------------------
    // slow callbacks

    private int slowCallback(int i, Matcher m) {
        formats.add("slow-callback");
        String t = text(i);
        int start = m.start(1);
        int millis = (int) Math.round(Double.parseDouble(m.group(2)) * 1000);
        String id = id(i, "slow");
        if (Reprs.findTask(t, start) == start) {
            Reprs.TaskRepr r = Reprs.task(t, start);
            if (r == null) return i + 1;
            if (r.truncated()) warn(lines.get(i).number(), "truncated task repr");
            RuntimeTask task = task(i, r, "slow-callback", reprText(t, start));
            facts.add(task);
            String fn = task.fn();
            facts.add(new SlowCallback(id, display, num(i), t.strip(), millis, "task", task.id(),
                    r.coro() == null ? "?" : r.coro(), r.path(), task.module(), fn, r.line(), r.running()));
        } else {
            int end = Reprs.close(t, start);
            String repr = end < 0 ? t.substring(start) : t.substring(start, end);
            Reprs.HandleRepr h = Reprs.handle(repr);
            if (h == null) {
                facts.add(new SlowCallback(id, display, num(i), t.strip(), millis, "handle", null, repr, null, null, null, 0, false));
                return i + 1;
            }
            String module = code.module(h.path());
            facts.add(new SlowCallback(id, display, num(i), t.strip(), millis, "handle", null, h.callback(), h.path(),
                    module, code.functionDefinedAt(module, h.line(), h.callback()), h.line(), false));
        }
        plainLocks(i);
        return i + 1;
    }

    // ------------------------------------------------------------------------------------------
    // tasks

    /** A RuntimeTask for the repr at `start` of line i (not yet added). */
    private RuntimeTask task(int i, Reprs.TaskRepr r, String source, String repr) {
        String module = code.module(r.path());
        String fn = r.running() ? code.functionAt(module, r.line()) : code.functionDefinedAt(module, r.line(), r.coro());
        if (fn == null && module == null && r.path() == null && r.coro() != null) {
            var f = code.functionNamed(r.coro());
            if (f != null) { module = f.module(); fn = f.id(); }
        }
        String state = r.state();
        noteDump(r.name() != null ? r.name() : r.type() + "|" + r.coro() + "|" + r.line(), source);
        return new RuntimeTask(id(i, "task"), display, num(i), text(i).strip(), r.type(), r.name(), state, r.coro(),
                r.path(), module, fn, r.line(), r.running(), r.waitFor(), r.callbacks(), r.exception(), source, dump,
                null, null);
    }

    private void noteDump(String key, String source) {
        if (!source.equals("dump") && !source.equals("stack") && !source.equals("aiomonitor") && !source.equals("pstree")
                && !source.equals("call-graph") && !source.equals("ps")) return;
        if (!seenInDump.add(source.equals("stack") ? "dump|" + key : source + "|" + key)) {
            dump++;
            seenInDump.clear();
            seenInDump.add(source.equals("stack") ? "dump|" + key : source + "|" + key);
        }
    }

    /** Adds a RuntimeTask for the repr `repr` printed on line i (or reuses the one printed just before). */
    private int taskFact(int i, String reprAndRest, int unused, String source) {
        int start = 0;
        String repr = reprText(reprAndRest, start);
        if (lastTaskRepr != null && lastTaskRepr.equals(repr) && i - lastTaskLine <= 2) return lastTaskFact;
        Reprs.TaskRepr r = Reprs.task(reprAndRest, start);
        if (r == null) return -1;
        if (r.truncated()) warn(num(i), "truncated task repr");
        facts.add(task(i, r, source, repr));
        lastTaskFact = facts.size() - 1;
        lastTaskLine = i;
        lastTaskRepr = repr;
        return lastTaskFact;
    }

    private static String reprText(String text, int start) {
        int end = Reprs.close(text, start);
        return end < 0 ? text.substring(start) : text.substring(start, end);
    }

    private int taskStack(int i, boolean live, String reprAndRest) {
        formats.add("print-stack");
        int taskIndex = taskFact(i, reprAndRest, 0, "stack");
        List<Frame> frames = new ArrayList<>();
        Block b = readTracebackFrames(i + 1, frames);
        String exception = null;
        int next = b.next;
        if (!live && next < lines.size()) {
            String e = text(next).strip();
            if (!e.isEmpty() && !TRACEBACK_HEAD.matcher(e).find() && EXCEPTION_LINE.matcher(e).matches() && !text(next).startsWith(" ")) {
                exception = e;
                next++;
            }
        }
        if (frames.isEmpty()) truncatedIfEnd(i, next, "task stack header without frames");
        String taskId = taskIndex >= 0 ? ((RuntimeTask) facts.get(taskIndex)).id() : null;
        String owner = taskIndex >= 0 ? ((RuntimeTask) facts.get(taskIndex)).name() : null;
        String stackId = emitStack(i, live ? "task" : "traceback", "print-stack", owner, taskId, frames, false, live, exception);
        if (taskIndex >= 0) facts.set(taskIndex, ((RuntimeTask) facts.get(taskIndex)).withStack(stackId));
        return next;
    }

    // ------------------------------------------------------------------------------------------
    // frames

    /** A frame as read, before it becomes a RuntimeFrame. */
    private record Frame(int lineIndex, String path, int line, String function, String code) {}

    private record Block(int next, int indent) {}

    /** `File "x", line N, in f` frames (each optionally followed by its source line and carets). */
    private Block readTracebackFrames(int i, List<Frame> out) {
        int j = i;
        int indent = -1;
        while (j < lines.size()) {
            String t = text(j);
            Matcher m = TB_FRAME.matcher(t);
            if (!m.find()) {
                String s = t.strip();
                if ((s.startsWith("[Previous line repeated") || s.equals("...")) && !out.isEmpty()) { j++; continue; }
                break;
            }
            int ind = m.group(1).length();
            if (indent < 0) indent = ind;
            String src = null;
            int k = j + 1;
            if (k < lines.size()) {
                String nt = text(k);
                if (!nt.isBlank() && leading(nt) > ind && !TB_FRAME.matcher(nt).find() && !FAULT_FRAME.matcher(nt).find()
                        && !TRACEMALLOC_FRAME.matcher(nt).find()) {
                    src = nt.strip();
                    k++;
                    while (k < lines.size() && CARET.matcher(text(k)).matches() && !text(k).isBlank()) k++;
                }
            }
            out.add(new Frame(j, m.group(2), Integer.parseInt(m.group(3)), m.group(4), src));
            j = k;
        }
        return new Block(j, indent);
    }

    private int readTracemallocFrames(int i, List<Frame> out) {
        int j = i;
        while (j < lines.size()) {
            Matcher m = TRACEMALLOC_FRAME.matcher(text(j));
            if (!m.find()) break;
            int ind = m.group(1).length();
            String src = null;
            int k = j + 1;
            if (k < lines.size() && leading(text(k)) > ind && !TRACEMALLOC_FRAME.matcher(text(k)).find() && !text(k).isBlank()) {
                src = text(k).strip();
                k++;
            }
            out.add(new Frame(j, m.group(2), Integer.parseInt(m.group(3)), "?", src));
            j = k;
        }
        return j;
    }

    /**
     * Emits a RuntimeStack and its frames. `innermostFirst` says the order the format printed them in;
     * frame indexes always count from the innermost. Returns the stack id.
     */
    private String emitStack(int headerIndex, String kind, String format, String owner, String taskId, List<Frame> printed,
                             boolean innermostFirst, boolean live, String exception) {
        formats.add(format);
        List<Frame> frames = new ArrayList<>(printed);
        if (!innermostFirst) Collections.reverse(frames);
        String id = id(headerIndex, "stack");
        boolean loop = false, cancelAll = false, idle = false;
        int callback = -1;
        for (int k = 0; k < frames.size(); k++) {
            Frame f = frames.get(k);
            String path = f.path() == null ? "" : f.path().replace('\\', '/');
            String fn = bare(f.function());
            boolean asyncioFile = path.endsWith("asyncio/base_events.py") || path.endsWith("asyncio/runners.py")
                    || path.endsWith("base_events.py") || path.endsWith("runners.py");
            if (asyncioFile && (fn.equals("_run_once") || fn.equals("run_forever") || fn.equals("run_until_complete"))) loop = true;
            if (path.endsWith("events.py") && !path.endsWith("base_events.py") && !path.endsWith("windows_events.py")
                    && fn.equals("_run") && callback < 0) callback = k;
            if (fn.equals("_cancel_all_tasks")) cancelAll = true;
        }
        if (callback >= 0) loop = true;
        Frame top = null;
        for (Frame f : frames) {
            if (f.line() > 0 || !(f.path() != null && (f.path().contains(".so") || f.path().contains(".dll") || f.path().contains(".dylib")))) { top = f; break; }
        }
        if (top != null) {
            String p = top.path() == null ? "" : top.path().replace('\\', '/');
            String fn = bare(top.function());
            idle = (p.endsWith("selectors.py") && (fn.equals("select") || fn.equals("poll") || fn.equals("control")))
                    || (p.endsWith("windows_events.py") && (fn.equals("_poll") || fn.equals("select")))
                    || (p.endsWith("proactor_events.py") && fn.equals("select"));
        }
        String header = headerIndex >= 0 && headerIndex < lines.size() ? text(headerIndex).strip() : "";
        facts.add(new RuntimeStack(id, display, headerIndex >= 0 ? num(headerIndex) : 0, header, kind, format, owner, taskId,
                frames.size(), live, loop, callback, idle, cancelAll, exception));
        for (int k = 0; k < frames.size(); k++) {
            Frame f = frames.get(k);
            String module = code.module(f.path());
            String function = f.function() == null ? "?" : f.function();
            String fnId = module != null ? code.functionAt(module, f.line()) : null;
            if (module == null && (f.path() == null || f.path().isEmpty()) && !function.equals("?")) {
                var named = code.functionNamed(function);
                if (named != null) { module = named.module(); fnId = named.id(); }
            }
            int li = f.lineIndex() >= 0 ? f.lineIndex() : headerIndex;
            facts.add(new RuntimeFrame(id + "/" + k, display, li >= 0 ? num(li) : 0, li >= 0 ? text(li).strip() : "",
                    id, k, f.path() == null ? "" : f.path(), module, fnId, function, f.line(), f.code()));
        }
        return id;
    }

    /** `async Foo.bar` / `bar()` -> `bar`. */
    private static String bare(String function) {
        if (function == null) return "";
        String s = function.strip();
        if (s.endsWith("()")) s = s.substring(0, s.length() - 2);
        int i = s.lastIndexOf('.');
        return i < 0 ? s : s.substring(i + 1);
    }

    // ------------------------------------------------------------------------------------------
    // thread dumps

    private int faulthandler(int i, String thread) {
        List<Frame> frames = new ArrayList<>();
        int j = i + 1;
        boolean noPython = false;
        while (j < lines.size()) {
            String t = text(j);
            Matcher m = FAULT_FRAME.matcher(t);
            if (m.find()) {
                frames.add(new Frame(j, m.group(1), Integer.parseInt(m.group(2)), m.group(3), null));
                j++;
                continue;
            }
            String s = t.strip();
            if (s.equals("<no Python frame>") || s.equals("...")) { noPython |= s.startsWith("<"); j++; continue; }
            break;
        }
        if (frames.isEmpty() && !noPython) truncatedIfEnd(i, j, "thread header without frames");
        emitStack(i, "thread", "faulthandler", thread, null, frames, true, true, null);
        return j;
    }

    private int pySpyThread(int i, Matcher head) {
        formats.add("py-spy");
        List<Frame> frames = new ArrayList<>();
        int j = i + 1;
        while (j < lines.size()) {
            String t = text(j);
            if (t.isBlank()) break;
            int ind = leading(t);
            String s = t.strip();
            if (ind >= 8 || s.equals("Arguments:") || s.equals("Locals:")) { j++; continue; }
            Matcher m = PYSPY_FRAME.matcher(t);
            if (!m.find() || ind < 2) break;
            frames.add(new Frame(j, m.group(2), m.group(3) == null ? 0 : Integer.parseInt(m.group(3)), m.group(1), null));
            j++;
        }
        if (frames.isEmpty()) truncatedIfEnd(i, j, "py-spy thread header without frames");
        String owner = head.group(3) != null ? head.group(3) : head.group(1);
        emitStack(i, "thread", "py-spy", owner, null, frames, true, true, null);
        return j;
    }

    private void pySpyJson(String raw) throws IOException {
        JsonFactory f = JSON.getFactory();
        try (JsonParser p = f.createParser(raw)) {
            if (p.nextToken() != JsonToken.START_ARRAY) return;
            while (p.nextToken() == JsonToken.START_OBJECT) {
                int threadLine = (int) p.currentTokenLocation().getLineNr();
                String owner = null;
                List<Frame> frames = new ArrayList<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken v = p.nextToken();
                    if (field.equals("frames") && v == JsonToken.START_ARRAY) {
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            int frameLine = (int) p.currentTokenLocation().getLineNr();
                            JsonNode fr = p.readValueAsTree();
                            String file = fr.path("filename").asText(fr.path("short_filename").asText(""));
                            frames.add(new Frame(indexOfLine(frameLine), file, fr.path("line").asInt(0), fr.path("name").asText("?"), null));
                        }
                    } else if ((field.equals("thread_name") || field.equals("os_thread_id") || field.equals("thread_id")) && v.isScalarValue()) {
                        if (owner == null || field.equals("thread_name")) owner = p.getValueAsString();
                        if (field.equals("thread_name") && (owner == null || owner.equals("null"))) owner = null;
                    } else {
                        p.skipChildren();
                    }
                }
                emitStack(indexOfLine(threadLine), "thread", "py-spy-json", owner, null, frames, true, true, null);
            }
        }
    }

    private int indexOfLine(int number) {
        for (int k = 0; k < lines.size(); k++) if (lines.get(k).number() >= number) return k;
        return lines.isEmpty() ? -1 : lines.size() - 1;
    }

    private int aiodebugThread(int i, String thread) {
        List<Frame> frames = new ArrayList<>();
        int j = i + 1;
        while (j < lines.size()) {
            Matcher m = AIODEBUG_FRAME.matcher(text(j));
            if (!m.find()) break;
            String src = null;
            int k = j + 1;
            if (k < lines.size() && text(k).startsWith(" ") && !text(k).isBlank()) { src = text(k).strip(); k++; }
            frames.add(new Frame(j, m.group(1), Integer.parseInt(m.group(2)), m.group(3), src));
            j = k;
        }
        if (frames.isEmpty()) truncatedIfEnd(i, j, "thread header without frames");
        emitStack(i, "thread", "aiodebug", thread, null, frames, false, true, null);
        return j;
    }

    /**
     * `File "x", line N, in f` lines without a header: traceback.format_stack()/print_stack() of a live
     * thread; or the rest of a traceback whose header is missing, when an exception line follows.
     */
    private int formatStack(int i) {
        List<Frame> frames = new ArrayList<>();
        Block b = readTracebackFrames(i, frames);
        if (frames.isEmpty()) return i + 1;
        int next = b.next;
        if (next < lines.size()) {
            String e = text(next);
            if (!e.startsWith(" ") && EXCEPTION_LINE.matcher(e.strip()).matches()
                    && e.strip().matches("^[\\w.]*(Error|Exception|Timeout|Interrupt|Exit|Group)\\b.*")) {
                emitStack(i, "traceback", "traceback", null, null, frames, false, false, e.strip());
                return next + 1;
            }
        }
        emitStack(i, "thread", "format-stack", null, null, frames, false, true, null);
        return next;
    }

    /** `... created at (most recent call last):` / `Object allocated at ...` outside a message: a creation stack. */
    private int creationStack(int i) {
        List<Frame> frames = new ArrayList<>();
        int next;
        if (text(i).contains("allocated at")) {
            next = readTracemallocFrames(i + 1, frames);
            if (!frames.isEmpty()) emitStack(i, "creation", "tracemalloc", null, null, frames, false, false, null);
        } else {
            next = readTracebackFrames(i + 1, frames).next;
            if (!frames.isEmpty()) emitStack(i, "creation", "source-traceback", null, null, frames, false, false, null);
        }
        return next;
    }

    // ------------------------------------------------------------------------------------------
    // tracebacks and messages

    private record Traceback(int next, String stackId, String exception, Frame innermostInTree) {}

    /** A `Traceback (most recent call last):` block and its exception line; classifies the exception. */
    private Traceback traceback(int i, String taskId) {
        List<Frame> frames = new ArrayList<>();
        Block b = readTracebackFrames(i + 1, frames);
        int next = b.next;
        String exception = null;
        int excLine = -1;
        while (next < lines.size() && text(next).isBlank()) next++;
        if (next < lines.size()) {
            String e = text(next).strip();
            if (!TRACEBACK_HEAD.matcher(e).find() && EXCEPTION_LINE.matcher(e).matches() && !e.startsWith("File ")) {
                exception = e;
                excLine = next;
                next++;
            }
        }
        if (frames.isEmpty() && exception == null) truncatedIfEnd(i, next, "traceback header without frames");
        String stackId = emitStack(i, "traceback", "traceback", null, taskId, frames, false, false, exception);
        Frame inTree = innermostInTree(frames, false);
        if (exception != null) {
            for (Object[] lm : LINE_MESSAGES) {
                Matcher m = ((Pattern) lm[0]).matcher(exception);
                if (m.find()) {
                    message(excLine, (String) lm[1], detail((String) lm[1], m, exception), inTree, stackId, null);
                    break;
                }
            }
        }
        return new Traceback(next, stackId, exception, inTree);
    }

    /** The innermost frame (of frames printed outermost-first unless `innermostFirst`) in the analyzed tree. */
    private Frame innermostInTree(List<Frame> frames, boolean innermostFirst) {
        List<Frame> fs = new ArrayList<>(frames);
        if (!innermostFirst) Collections.reverse(fs);
        for (Frame f : fs) if (code.module(f.path()) != null) return f;
        return null;
    }

    private String detail(String kind, Matcher m, String text) {
        return switch (kind) {
            case "pool-exhausted" -> m.groupCount() >= 2 && m.group(1) != null
                    ? "QueuePool size " + m.group(1) + " overflow " + m.group(2) : m.group();
            case "blocking-error" -> m.group(1);
            default -> text.length() > 300 ? text.substring(0, 300) : text;
        };
    }

    private void message(int i, String kind, String detail, Frame at, String stack, String task) {
        formats.add(kind.startsWith("pool") || kind.startsWith("connection") || kind.startsWith("operation") || kind.startsWith("fd")
                ? "client-message" : "runtime-error");
        String path = at == null ? null : at.path();
        String module = at == null ? null : code.module(at.path());
        int line = at == null ? 0 : at.line();
        facts.add(new RuntimeMessage(id(i, "msg"), display, num(i), text(i).strip(), kind, detail, path, module,
                module == null ? null : code.functionAt(module, line), line, stack, task));
    }

    private int warning(int i, Matcher m) {
        formats.add("warning");
        String path = m.group(1), category = m.group(3), msg = m.group(4);
        int line = Integer.parseInt(m.group(2));
        String kind = null, detail = null;
        Matcher na = Pattern.compile("coroutine '(.+?)' was never awaited").matcher(msg);
        if (na.find()) { kind = "never-awaited"; detail = na.group(1); }
        else if (msg.startsWith("unclosed event loop")) kind = "unclosed-loop";
        else if (msg.startsWith("unclosed transport")) kind = "unclosed-transport";
        else if (msg.startsWith("unclosed <StreamWriter")) kind = "unclosed-stream";
        else if (msg.startsWith("unclosed <socket.socket")) kind = "unclosed-transport";
        else if (msg.startsWith("unclosed connection")) kind = "unclosed-connection";
        else if (msg.startsWith("Unclosed client session")) kind = "unclosed-session";
        else if (msg.startsWith("Unclosed connector")) kind = "unclosed-connector";
        else if (msg.startsWith("Unclosed <httpx.")) kind = "unclosed-client";
        else if (msg.contains("non-checked-in connection")) kind = "connection-gc";
        else if (msg.startsWith("unclosed file")) kind = "unclosed-file";
        else if (msg.startsWith("unclosed")) kind = "unclosed-transport";
        if (detail == null) detail = category + ": " + (msg.length() > 200 ? msg.substring(0, 200) : msg);
        int j = i + 1;
        String stack = null;
        Frame creation = null;
        while (j < lines.size()) {
            String t = text(j);
            String s = t.strip();
            if (s.startsWith("Coroutine created at (most recent call last)")) {
                List<Frame> frames = new ArrayList<>();
                Block b = readTracebackFrames(j + 1, frames);
                stack = emitStack(j, "creation", "coroutine-origin", null, null, frames, false, false, null);
                creation = innermostInTree(frames, false);
                j = b.next;
            } else if (s.startsWith("Object allocated at (most recent call last)")) {
                List<Frame> frames = new ArrayList<>();
                int next = readTracemallocFrames(j + 1, frames);
                stack = emitStack(j, "creation", "tracemalloc", null, null, frames, false, false, null);
                if (creation == null) creation = innermostInTree(frames, false);
                j = next;
            } else if (s.startsWith("RuntimeWarning: Enable tracemalloc") || s.startsWith("ResourceWarning: Enable tracemalloc")) {
                j++;
            } else if (t.startsWith(" ") && !s.isEmpty() && !TB_FRAME.matcher(t).find()) {
                j++;                                                     // the warning's source line
            } else {
                break;
            }
        }
        if (kind == null) return j;
        String module = code.module(path);
        Frame at = module != null ? new Frame(i, path, line, "?", null) : creation;
        String fpath = at == null ? path : at.path();
        String fmodule = at == null ? null : code.module(at.path());
        int fline = at == null ? line : at.line();
        facts.add(new RuntimeMessage(id(i, "msg"), display, num(i), text(i).strip(), kind, detail, fpath, fmodule,
                fmodule == null ? null : code.functionAt(fmodule, fline), fline, stack, null));
        return j;
    }

    private static final Set<String> CONTEXT_KEYS = Set.of("future", "task", "handle", "transport", "protocol", "socket",
            "asyncgen", "client_session", "connector", "connections", "client_connection", "client_response", "exception",
            "source_traceback", "handle_traceback", "message");
    private static final Pattern CONTEXT = Pattern.compile("^([a-z_]+): (.*)$");

    private int handlerMessage(int i, String kind, Matcher head) {
        formats.add("exception-handler");
        String detail = switch (kind) {
            case "exception-never-retrieved" -> head.group(1);
            case "exception-in-callback" -> head.groupCount() >= 1 ? head.group(1) : null;
            default -> null;
        };
        int j = i + 1;
        String taskId = null, creationStack = null, tbStack = null, exception = null;
        Frame creation = null, failing = null;
        while (j < lines.size()) {
            String t = text(j);
            Matcher c = CONTEXT.matcher(t);
            if (c.matches() && CONTEXT_KEYS.contains(c.group(1))) {
                String key = c.group(1), value = c.group(2);
                if ((key.equals("future") || key.equals("task")) && value.startsWith("<")) {
                    Reprs.TaskRepr r = Reprs.task(value, 0);
                    if (r != null) {
                        RuntimeTask task = task(j, r, "message", reprText(value, 0));
                        facts.add(task);
                        taskId = task.id();
                    }
                    plainLocks(j);
                    j++;
                } else if (key.equals("source_traceback") || key.equals("handle_traceback")) {
                    List<Frame> frames = new ArrayList<>();
                    Block b = readTracebackFrames(j + 1, frames);
                    creationStack = emitStack(j, "creation", "source-traceback", null, taskId, frames, false, false, null);
                    creation = innermostInTree(frames, false);
                    j = b.next;
                } else {
                    j++;
                }
                continue;
            }
            if (TRACEBACK_HEAD.matcher(t).find()) {
                Traceback tb = traceback(j, taskId);
                tbStack = tb.stackId();
                exception = tb.exception();
                failing = tb.innermostInTree();
                j = tb.next();
                break;
            }
            String s = t.strip();
            if (!t.startsWith(" ") && EXCEPTION_LINE.matcher(s).matches() && s.matches("^[\\w.]*(Error|Exception|Timeout|Interrupt|Exit|Group|Warning)\\b.*")) {
                exception = s;                                            // exc_info without a traceback
                j++;
            }
            break;
        }
        if (detail == null && exception != null) detail = exception;
        Frame at = kind.equals("exception-in-callback") && failing != null ? failing : creation;
        String path = at == null ? null : at.path();
        String module = at == null ? null : code.module(at.path());
        int line = at == null ? 0 : at.line();
        facts.add(new RuntimeMessage(id(i, "msg"), display, num(i), text(i).strip(), kind, detail, path, module,
                module == null ? null : code.functionAt(module, line), line, creationStack != null ? creationStack : tbStack, taskId));
        return j;
    }

    // ------------------------------------------------------------------------------------------
    // Python 3.14 tools

    private int callGraph(int i) {
        formats.add("call-graph");
        record Node(int level, String name, String address, List<Frame> frames, int lineIndex) {}
        List<Node> nodes = new ArrayList<>();
        List<Integer> parents = new ArrayList<>();
        int j = i;
        Node cur = null;
        while (j < lines.size()) {
            String t = text(j);
            Matcher m = CALL_GRAPH_TASK.matcher(t);
            if (m.find()) {
                int level = m.group(1).length() / 4;
                String name = m.group(2) != null ? m.group(2) : m.group(3);
                cur = new Node(level, name, m.group(4) != null ? m.group(4) : m.group(5), new ArrayList<>(), j);
                int parent = -1;
                for (int k = nodes.size() - 1; k >= 0; k--) if (nodes.get(k).level() < level) { parent = k; break; }
                nodes.add(cur);
                parents.add(parent);
                j++;
                continue;
            }
            Matcher f = CALL_GRAPH_FRAME.matcher(t);
            if (f.find() && cur != null) {
                String file = f.group(1) != null ? f.group(1) : f.group(2);
                cur.frames().add(new Frame(j, file.replace("\\\\", "\\"), Integer.parseInt(f.group(3)), f.group(4), null));
                j++;
                continue;
            }
            String s = t.strip();
            if (s.equals("+ Call stack:") || s.equals("+ Awaited by:") || s.equals("|")) { j++; continue; }
            break;
        }
        for (int k = 0; k < nodes.size(); k++) {
            Node n = nodes.get(k);
            // The graph lists, under a future, the tasks that await it (its "Awaited by").
            String awaitedBy = null;
            for (int c = 0; c < nodes.size(); c++) {
                if (parents.get(c) == k) { awaitedBy = nodes.get(c).name(); break; }
            }
            Frame outer = n.frames().isEmpty() ? null : n.frames().get(n.frames().size() - 1);
            emitTaskWithStack(n.lineIndex(), n.name() != null ? "Task" : "Future", n.name(), outer, awaitedBy, "call-graph",
                    n.frames(), true, "call-graph");
        }
        return j;
    }

    /** A task of a format that prints a coroutine stack (call graph, pstree, ps, aiomonitor where). */
    private void emitTaskWithStack(int lineIndex, String type, String name, Frame outer, String awaitedBy, String source,
                                   List<Frame> frames, boolean innermostFirst, String format) {
        String module = outer == null ? null : code.module(outer.path());
        String fn = outer == null ? null : module != null ? code.functionAt(module, outer.line()) : null;
        String coro = outer == null ? null : outer.function();
        if (module == null && outer != null && (outer.path() == null || outer.path().isEmpty()) && coro != null) {
            var named = code.functionNamed(coro);
            if (named != null) { module = named.module(); fn = named.id(); }
        }
        noteDump(name == null ? source + "|" + lineIndex : name, source);
        String taskId = id(lineIndex, "task");
        RuntimeTask task = new RuntimeTask(taskId, display, num(lineIndex), text(lineIndex).strip(), type, name, "pending", coro,
                outer == null ? null : outer.path(), module, fn, outer == null ? 0 : outer.line(), outer != null, null, List.of(),
                null, source, dump, awaitedBy, null);
        facts.add(task);
        int index = facts.size() - 1;
        if (!frames.isEmpty()) {
            String stack = emitStack(lineIndex, "task", format, name, taskId, frames, innermostFirst, true, null);
            facts.set(index, task.withStack(stack));
        } else {
            formats.add(format);
        }
    }

    private int pstree(int i) {
        formats.add("pstree");
        record Node(int depth, boolean task, String label, int lineIndex, List<Frame> frames) {}
        List<Node> nodes = new ArrayList<>();
        int j = i;
        while (j < lines.size()) {
            Matcher m = PSTREE_LINE.matcher(text(j));
            if (!m.find()) break;
            int depth = m.group(1).length() / 4;
            String label = m.group(2).strip();
            boolean task = label.startsWith("(T) ") || label.startsWith("\uD83E\uDDF5 ");
            nodes.add(new Node(depth, task, task ? label.substring(label.indexOf(' ') + 1).strip() : label, j, new ArrayList<>()));
            j++;
        }
        for (int k = 0; k < nodes.size(); k++) {
            Node n = nodes.get(k);
            if (n.task()) continue;
            for (int a = k - 1; a >= 0; a--) {
                if (nodes.get(a).task() && nodes.get(a).depth() < n.depth()) {
                    Matcher c = Pattern.compile("^(\\S+) (.+):(\\d+)$").matcher(n.label());
                    if (c.find()) nodes.get(a).frames().add(new Frame(n.lineIndex(), c.group(2), Integer.parseInt(c.group(3)), c.group(1), null));
                    else nodes.get(a).frames().add(new Frame(n.lineIndex(), "", 0, n.label(), null));
                    break;
                }
            }
        }
        for (int k = 0; k < nodes.size(); k++) {
            Node n = nodes.get(k);
            if (!n.task()) continue;
            String awaitedBy = null;
            for (int a = k - 1; a >= 0; a--) {
                if (nodes.get(a).task() && nodes.get(a).depth() < n.depth()) { awaitedBy = nodes.get(a).label(); break; }
            }
            Frame outer = n.frames().isEmpty() ? null : n.frames().get(0);
            emitTaskWithStack(n.lineIndex(), "Task", n.label(), outer, awaitedBy, "pstree", n.frames(), false, "pstree");
        }
        return j;
    }

    private int psTable(int i) {
        formats.add("ps");
        int j = i + 1;
        while (j < lines.size()) {
            String t = text(j);
            if (t.isBlank()) break;
            if (t.strip().matches("^-+$")) { j++; continue; }
            String[] tok = t.strip().split("\\s+");
            if (tok.length < 4 || !tok[0].matches("\\d+|0x[0-9a-fA-F]+") || !tok[1].matches("0x[0-9a-fA-F]+")) break;
            String name = tok[2];
            String awaiterId = tok[tok.length - 1];
            int end = tok.length - 1;
            String awaiterName = null;
            if (!awaiterId.equals("0x0") && end - 1 > 3) { awaiterName = tok[end - 1]; end--; }
            List<List<String>> chains = new ArrayList<>();
            List<String> curChain = new ArrayList<>();
            for (int k = 3; k < end; k++) {
                if (tok[k].equals("->")) continue;
                if (!curChain.isEmpty() && !tok[k - 1].equals("->")) { chains.add(curChain); curChain = new ArrayList<>(); }
                curChain.add(tok[k]);
            }
            if (!curChain.isEmpty()) chains.add(curChain);
            List<Frame> frames = new ArrayList<>();
            if (!chains.isEmpty()) for (String f : chains.get(0)) frames.add(new Frame(j, "", 0, f, null));
            Frame outer = frames.isEmpty() ? null : frames.get(frames.size() - 1);
            emitTaskWithStack(j, "Task", name, outer, awaiterName, "ps", frames, true, "ps");
            j++;
        }
        return j;
    }

    private int awaitCycle(int i) {
        formats.add("pstree");
        String detail = null;
        int j = i + 1;
        while (j < lines.size() && j <= i + 3) {
            String s = text(j).strip();
            if (s.startsWith("cycle:")) { detail = s.substring("cycle:".length()).strip(); j++; break; }
            j++;
        }
        facts.add(new RuntimeMessage(id(i, "msg"), display, num(i), text(i).strip(), "await-cycle", detail, null, null,
                null, 0, null, null));
        return detail == null ? i + 1 : j;
    }

    // ------------------------------------------------------------------------------------------
    // aiomonitor

    private int aiomonitorPs(int i) {
        formats.add("aiomonitor");
        int j = i;
        while (j < lines.size()) {
            String s = text(j).strip();
            if (s.matches("^\\d+ tasks running.*") || s.startsWith("+-") || AIOMON_HEADER.matcher(s).find()) { j++; continue; }
            if (!s.startsWith("|")) break;
            String[] cols = s.replaceAll("^\\|\\s*|\\s*\\|$", "").split("\\s{2,}");
            if (cols.length >= 4 && cols[0].matches("\\d+")) {
                String coro = cols[3].replaceAll("\\(\\)$", "");
                Frame outer = new Frame(j, "", 0, coro, null);
                int before = facts.size();
                emitTaskWithStack(j, "Task", cols[2], outer, null, "aiomonitor", List.of(), true, "aiomonitor");
                RuntimeTask t = (RuntimeTask) facts.get(before);
                facts.set(before, new RuntimeTask(t.id(), t.snapshot(), t.snapLine(), t.text(), t.type(), t.name(),
                        cols[1].toLowerCase(Locale.ROOT), coro, null, t.module(), t.fn(), 0, false, null, List.of(), null,
                        "aiomonitor", t.dump(), null, null));
            }
            j++;
        }
        return j;
    }

    private int aiomonitorWhere(int i, String header) {
        formats.add("aiomonitor");
        List<Frame> frames = new ArrayList<>();
        Block b = readTracebackFrames(i + 1, frames);
        int next = b.next;
        if (frames.isEmpty()) {
            if (next < lines.size() && text(next).strip().startsWith("No stack available")) next++;
            return next;
        }
        if (!header.startsWith("<Task ") && !header.startsWith("<TerminatedTask ")) {
            emitStack(i, "creation", "aiomonitor", null, null, frames, false, false, null);
            return next;
        }
        Matcher n = Pattern.compile("name=(\\S+)").matcher(header);
        String name = n.find() ? n.group(1) : null;
        if (header.startsWith("<TerminatedTask ")) {
            emitStack(i, "creation", "aiomonitor", name, null, frames, false, false, null);
            return next;
        }
        emitTaskWithStack(i, "Task", name, frames.get(0), null, "aiomonitor", frames, false, "aiomonitor");
        return next;
    }

    // ------------------------------------------------------------------------------------------
    // lines of their own

    /** `f a.py:15 -> Lock.acquire locks.py:114 -> <...>`: a task's await chain, outermost first. */
    private boolean awaitChain(int i) {
        String t = text(i);
        int colon = t.indexOf(": ");
        String body = colon >= 0 && colon < t.indexOf(" -> ") ? t.substring(colon + 2) : t.strip();
        String[] parts = body.strip().split(" -> ");
        List<Frame> frames = new ArrayList<>();
        for (String p : parts) {
            Matcher m = CHAIN_PART.matcher(p.strip());
            if (m.find()) frames.add(new Frame(i, m.group(2), Integer.parseInt(m.group(3)), m.group(1), null));
        }
        if (frames.size() < 1 || parts.length < 2 || frames.size() < parts.length - 1) return false;
        String taskId = null, owner = null;
        if (lastTaskFact >= 0 && i - lastTaskLine <= 8 && facts.get(lastTaskFact) instanceof RuntimeTask rt) {
            taskId = rt.id();
            owner = rt.name();
        }
        emitStack(i, "task", "await-chain", owner, taskId, frames, false, true, null);
        return true;
    }

    /** Task/Future reprs, lock reprs and messages on a line no block claimed. */
    private void plainLine(int i) {
        String t = text(i);
        int at = Reprs.findTask(t, 0);
        boolean any = false;
        while (at >= 0) {
            formats.add("task-dump");
            String repr = reprText(t, at);
            if (at == leading(t) || t.substring(0, at).matches("^\\s*[\\w.\\[\\]'\"]+\\s*[=:]\\s*$")) {
                taskFact(i, t.substring(at), 0, "dump");
            } else {
                Reprs.TaskRepr r = Reprs.task(t, at);
                if (r != null) facts.add(task(i, r, "dump", repr));
            }
            any = true;
            int next = at + Math.max(repr.length(), 1);
            at = next < t.length() ? Reprs.findTask(t, next) : -1;
        }
        plainLocks(i);
        if (any) return;
        for (Object[] lm : LINE_MESSAGES) {
            Matcher m = ((Pattern) lm[0]).matcher(t);
            if (m.find()) {
                message(i, (String) lm[1], detail((String) lm[1], m, t.strip()), null, null, null);
                return;
            }
        }
    }

    private static final Pattern LABEL = Pattern.compile("([A-Za-z_][\\w.]*(?:\\[[^\\]]*\\])?)\\s*[=:]\\s*$");

    private void plainLocks(int i) {
        String t = text(i);
        for (Reprs.LockRepr l : Reprs.locks(t)) {
            formats.add("lock-repr");
            String before = t.substring(0, l.start());
            Matcher lm = LABEL.matcher(before);
            String label = lm.find() ? lm.group(1) : null;
            if (label == null) {
                // `pool=<ConnPool sem=<asyncio.locks.Semaphore ...>>`: the name inside the enclosing repr.
                Matcher outer = Pattern.compile("(\\w+)=<[^<>]*$").matcher(before);
                if (outer.find()) label = outer.group(1);
            }
            noteDump("lock|" + (label != null ? label : l.address()), "dump");
            facts.add(new RuntimeLock(id(i, "lock"), display, num(i), t.strip(), l.type(), label, l.address(), l.state(),
                    l.locked(), l.waiters(), l.value(), l.putters(), dump));
        }
    }

    // ------------------------------------------------------------------------------------------
    // helpers

    private void truncatedIfEnd(int header, int next, String what) {
        boolean atEnd = true;
        for (int k = next; k < lines.size(); k++) if (!text(k).isBlank()) { atEnd = false; break; }
        warn(num(header), (atEnd ? "truncated: " : "") + what + (atEnd ? " (the snapshot ends here)" : ""));
    }

    private void warn(int line, String message) {
        if (diags.size() < 50) diags.add(Diagnostic.warning(display, line, message));
    }

    private String text(int i) { return lines.get(i).text(); }

    private int num(int i) { return lines.get(i).number(); }

    private String id(int i, String what) {
        return prefix + (i >= 0 && i < lines.size() ? num(i) : 0) + ":" + what + ":" + (++seq);
    }

    private static int leading(String s) {
        int k = 0;
        while (k < s.length() && (s.charAt(k) == ' ' || s.charAt(k) == '\t')) k++;
        return k;
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int i = s.indexOf('\n');
        return i < 0 ? s : s.substring(0, i);
    }
}
