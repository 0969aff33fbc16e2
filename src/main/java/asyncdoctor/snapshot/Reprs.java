package asyncdoctor.snapshot;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads asyncio object reprs (Lib/asyncio/base_futures.py, base_tasks.py, coroutines.py, events.py,
 * locks.py, queues.py) as CPython 3.9-3.14 and the C accelerator print them:
 * <pre>
 * &lt;Task pending name='t' coro=&lt;f() running at /x.py:5&gt; wait_for=&lt;Future pending cb=[Task.task_wakeup()]&gt; cb=[...] created at /y.py:1&gt;
 * &lt;Future finished exception=TimeoutError('x')&gt;
 * &lt;Handle cb(args) at /x.py:9 created at /x.py:21&gt;
 * &lt;asyncio.locks.Lock object at 0x7f.. [locked, waiters:2]&gt;   &lt;Queue at 0x.. maxsize=1 _getters[1]&gt;
 * </pre>
 * Nested reprs (a Task awaiting a Task), reprlib-truncated arguments ({@code <Future finis...events.py:427>}),
 * quoted strings and `<locals>` in qualified names are handled by bracket- and quote-aware scanning.
 */
final class Reprs {
    private Reprs() {}

    /** A Task or Future repr, read. */
    record TaskRepr(String type, String state, String name, String coro, String path, int line, boolean running,
                    String waitFor, List<String> callbacks, String exception, boolean truncated) {}

    /** A Handle repr, read. */
    record HandleRepr(String callback, String path, int line, String createdPath, int createdLine) {}

    /** A lock, semaphore, event, condition, barrier or queue repr, read. */
    record LockRepr(int start, int end, String type, String address, String state, boolean locked, int waiters,
                    int value, int putters) {}

    private static final Pattern TASK_START = Pattern.compile("<(Task|Future|_GatheringFuture|_asyncio\\.Task|_asyncio\\.Future|\\w*(?:Task|Future)) (pending|cancelling|finished|cancelled)\\b");
    private static final Pattern CORO = Pattern.compile("^<(.+?)\\(\\)(?:\\s+(running at|done, defined at)\\s+(.+):(\\d+))?>$", Pattern.DOTALL);
    private static final Pattern NAME = Pattern.compile("^name=(?:'(.*)'|\"(.*)\")$", Pattern.DOTALL);
    private static final Pattern LOCK = Pattern.compile(
            "<asyncio\\.(?:locks\\.)?(Lock|Semaphore|BoundedSemaphore|Event|Condition|Barrier) object at (0x[0-9a-fA-F]+) \\[([^\\]]*)\\]>");
    private static final Pattern QUEUE = Pattern.compile("<(Queue|PriorityQueue|LifoQueue|\\w+Queue) at (0x[0-9a-fA-F]+)((?: [^<>]*?)?)>");
    private static final Pattern WAITERS = Pattern.compile("waiters:(\\d+)");
    private static final Pattern VALUE = Pattern.compile("value:(\\d+)");
    private static final Pattern LOCATION = Pattern.compile("^(.*):(\\d+)$");

    /** Start index of the first Task/Future repr in the text, or -1. */
    static int findTask(String text, int from) {
        Matcher m = TASK_START.matcher(text);
        return m.find(from) ? m.start() : -1;
    }

    /** Index just after the '>' that closes the '<' at `start`, or -1 when the line ends first. */
    static int close(String s, int start) {
        int angle = 0, paren = 0, square = 0;
        char quote = 0;
        for (int i = start; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == '\\') { i++; continue; }
                if (c == quote) quote = 0;
                continue;
            }
            switch (c) {
                case '\'', '"' -> {
                    char prev = i > 0 ? s.charAt(i - 1) : ' ';
                    if (prev == '=' || prev == '(' || prev == '[' || prev == ' ' || prev == ',' || prev == ':') {
                        int end = s.indexOf(c, i + 1);
                        if (end > 0) quote = c;
                    }
                }
                case '<' -> angle++;
                case '>' -> {
                    if (i > 0 && s.charAt(i - 1) == '-') break;          // "->" inside text
                    angle--;
                    if (angle == 0 && paren <= 0 && square <= 0) return i + 1;
                    if (angle < 0) return -1;
                }
                case '(' -> paren++;
                case ')' -> paren--;
                case '[' -> square++;
                case ']' -> square--;
                default -> { }
            }
        }
        return -1;
    }

    /** The top-level space-separated parts inside a `<...>` repr. */
    static List<String> parts(String repr) {
        List<String> out = new ArrayList<>();
        String body = repr.startsWith("<") ? repr.substring(1, repr.endsWith(">") ? repr.length() - 1 : repr.length()) : repr;
        int depth = 0;
        char quote = 0;
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (quote != 0) {
                cur.append(c);
                if (c == '\\' && i + 1 < body.length()) { cur.append(body.charAt(++i)); continue; }
                if (c == quote) quote = 0;
                continue;
            }
            if ((c == '\'' || c == '"') && (cur.isEmpty() || "=([,: ".indexOf(cur.charAt(cur.length() - 1)) >= 0)
                    && body.indexOf(c, i + 1) > 0) {
                quote = c;
                cur.append(c);
                continue;
            }
            if (c == '<' || c == '(' || c == '[') depth++;
            else if ((c == '>' && !(i > 0 && body.charAt(i - 1) == '-')) || c == ')' || c == ']') depth = Math.max(0, depth - 1);
            if (c == ' ' && depth == 0) {
                if (!cur.isEmpty()) out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (!cur.isEmpty()) out.add(cur.toString());
        return out;
    }

    /** Reads a Task/Future repr starting at `start` of `text`; null when there is none there. */
    static TaskRepr task(String text, int start) {
        Matcher head = TASK_START.matcher(text);
        if (!head.find(start) || head.start() != start) return null;
        int end = close(text, start);
        boolean truncated = end < 0;
        String repr = truncated ? text.substring(start) : text.substring(start, end);
        List<String> parts = parts(repr);
        String type = head.group(1).replace("_asyncio.", "");
        String state = head.group(2);
        String name = null, coro = null, path = null, waitFor = null, exception = null;
        int line = 0;
        boolean running = false;
        List<String> cbs = new ArrayList<>();
        for (String p : parts) {
            if (p.startsWith("name=")) {
                Matcher m = NAME.matcher(p);
                name = m.matches() ? (m.group(1) != null ? m.group(1) : m.group(2)) : p.substring(5);
            } else if (p.startsWith("coro=")) {
                Matcher m = CORO.matcher(p.substring(5));
                if (m.matches()) {
                    coro = m.group(1);
                    if (m.group(2) != null) {
                        running = m.group(2).equals("running at");
                        path = m.group(3);
                        line = Integer.parseInt(m.group(4));
                    }
                } else {
                    coro = p.substring(5).replaceAll("^<|>$", "");
                }
            } else if (p.startsWith("wait_for=<")) {
                List<String> inner = parts(p.substring("wait_for=".length()));
                waitFor = inner.isEmpty() ? null : inner.get(0) + (inner.size() > 1 ? " " + inner.get(1) : "");
                if (waitFor != null) waitFor = waitFor.replace("_asyncio.", "");
            } else if (p.startsWith("cb=[")) {
                cbs.addAll(callbacks(p.substring(4, p.endsWith("]") ? p.length() - 1 : p.length())));
            } else if (p.startsWith("exception=")) {
                exception = p.substring("exception=".length());
            }
        }
        return new TaskRepr(type, state, name, coro, path, line, running, waitFor, cbs, exception, truncated);
    }

    /** `Task.task_wakeup(), gather.<locals>._done_callback() at /x.py:764` -> their names. */
    static List<String> callbacks(String list) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < list.length(); i++) {
            char c = list.charAt(i);
            if (c == '<' || c == '(' || c == '[') depth++;
            else if (c == '>' || c == ')' || c == ']') depth = Math.max(0, depth - 1);
            if (c == ',' && depth == 0) {
                out.add(cbName(cur.toString()));
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (!cur.toString().isBlank()) out.add(cbName(cur.toString()));
        out.removeIf(String::isEmpty);
        return out;
    }

    private static String cbName(String cb) {
        String s = cb.strip();
        if (s.startsWith("<") && s.contains(" object at ")) return s.substring(1, s.indexOf(' '));   // <TaskWakeupMethWrapper object at 0x..>()
        int paren = s.indexOf('(');
        int lt = s.indexOf('<');
        // qualnames contain `<locals>`: cut at the first '(' that is not part of one.
        if (paren < 0) return s.replaceAll("\\s.*$", "");
        if (lt >= 0 && lt < paren && s.startsWith("<")) return s.substring(1, s.indexOf(' ') > 0 ? s.indexOf(' ') : s.length());
        return s.substring(0, paren);
    }

    /** Reads `<Handle cb(args) at f:l created at f:l>` (also TimerHandle); null when it is not one. */
    static HandleRepr handle(String repr) {
        if (!repr.startsWith("<Handle") && !repr.startsWith("<TimerHandle")) return null;
        List<String> parts = parts(repr);
        int i = 1;
        while (i < parts.size() && (parts.get(i).startsWith("when=") || parts.get(i).equals("cancelled"))) i++;
        if (i >= parts.size()) return new HandleRepr("?", null, 0, null, 0);
        String cb = parts.get(i);
        int paren = cb.indexOf('(');
        String name = paren > 0 ? cb.substring(0, paren) : cb;
        String path = null, createdPath = null;
        int line = 0, createdLine = 0;
        for (int j = i + 1; j + 1 < parts.size(); j++) {
            if (parts.get(j).equals("at") && !parts.get(j - 1).equals("created")) {
                Matcher m = LOCATION.matcher(parts.get(j + 1));
                if (m.matches()) { path = m.group(1); line = Integer.parseInt(m.group(2)); }
            } else if (parts.get(j).equals("created") && j + 2 < parts.size() && parts.get(j + 1).equals("at")) {
                Matcher m = LOCATION.matcher(parts.get(j + 2));
                if (m.matches()) { createdPath = m.group(1); createdLine = Integer.parseInt(m.group(2)); }
            }
        }
        return new HandleRepr(name, path, line, createdPath, createdLine);
    }

    /** Every lock/queue repr in a line. */
    static List<LockRepr> locks(String text) {
        List<LockRepr> out = new ArrayList<>();
        Matcher m = LOCK.matcher(text);
        while (m.find()) {
            String type = m.group(1);
            String st = m.group(3);
            String word = st.split(",")[0].strip();
            Matcher w = WAITERS.matcher(st);
            int waiters = w.find() ? Integer.parseInt(w.group(1)) : 0;
            Matcher v = VALUE.matcher(st);
            int value = v.find() ? Integer.parseInt(v.group(1)) : -1;
            boolean locked = switch (type) {
                case "Event" -> word.equals("unset");
                case "Barrier" -> waiters > 0;
                default -> word.equals("locked");
            };
            if (type.equals("Barrier")) {
                Matcher bw = Pattern.compile("waiters:(\\d+)/(\\d+)").matcher(st);
                if (bw.find()) { waiters = Integer.parseInt(bw.group(1)); value = Integer.parseInt(bw.group(2)); }
            }
            out.add(new LockRepr(m.start(), m.end(), type, m.group(2), word, locked, waiters, value, 0));
        }
        Matcher q = QUEUE.matcher(text);
        while (q.find()) {
            String rest = q.group(3);
            int getters = intAfter(rest, "_getters[");
            int putters = intAfter(rest, "_putters[");
            int maxsize = intAfter(rest, "maxsize=");
            out.add(new LockRepr(q.start(), q.end(), q.group(1), q.group(2), rest.contains(" shutdown") ? "shutdown" : "",
                    getters > 0, Math.max(getters, 0), maxsize, Math.max(putters, 0)));
        }
        return out;
    }

    private static int intAfter(String s, String key) {
        int i = s.indexOf(key);
        if (i < 0) return -1;
        int j = i + key.length();
        int k = j;
        while (k < s.length() && Character.isDigit(s.charAt(k))) k++;
        return k > j ? Integer.parseInt(s.substring(j, k)) : -1;
    }
}
