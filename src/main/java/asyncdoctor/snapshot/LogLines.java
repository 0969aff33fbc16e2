package asyncdoctor.snapshot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The lines of a snapshot as the parsers read them: decoded, with terminal colors, carriage returns
 * and logging prefixes removed (timestamps, levels and logger names of the usual logging formats,
 * syslog and container-runtime prefixes), and JSON log records (one object per line, as structured
 * logging and `docker logs` write them) unpacked into their message lines. Each line keeps its
 * 1-based number in the file, so evidence quotes the real place.
 */
final class LogLines {
    /** One logical line: its number in the file, the text without prefix. */
    record Line(int number, String text) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[A-Za-z]");
    private static final List<Pattern> PREFIXES = List.of(
            // 2024-05-01 12:00:00,123 / 2024-05-01T12:00:00.123Z / [2024-05-01 12:00:00]
            Pattern.compile("^\\[?\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}:\\d{2}(?:[.,]\\d+)?(?:Z|[+-]\\d{2}:?\\d{2})?\\]?(?:\\s+|(?=[\\[A-Z]))"),
            // 12:00:00,123 or [12:00:00]
            Pattern.compile("^\\[?\\d{2}:\\d{2}:\\d{2}(?:[.,]\\d+)?\\]?\\s+"),
            // syslog / journald: May  1 12:00:00 host app[123]:
            Pattern.compile("^[A-Z][a-z]{2} [ \\d]\\d \\d{2}:\\d{2}:\\d{2} \\S+ [\\w./-]+(?:\\[\\d+\\])?:\\s?"),
            // container runtime (CRI) log lines: stdout F / stderr P
            Pattern.compile("^(?:stdout|stderr) [FP] "),
            // WARNING:asyncio:  /  WARNING asyncio:  /  ERROR - asyncio -  /  [ERROR]  /  ERROR |
            Pattern.compile("^\\[?(?:DEBUG|INFO|WARNING|WARN|ERROR|CRITICAL|FATAL)\\]?(?::[\\w.\\-]+:|\\s+[\\w.\\-]+:\\s|\\s+-\\s+[\\w.\\-]+\\s+-\\s+|\\s*\\|\\s*|\\s+(?=\\S))"),
            // asyncio - WARNING - / asyncio WARNING
            Pattern.compile("^[\\w.\\-]+\\s+(?:-\\s+)?(?:DEBUG|INFO|WARNING|ERROR|CRITICAL)\\s+(?:-\\s+)?"),
            // [MainThread] / [pid 123] / [asyncio]
            Pattern.compile("^\\[[\\w.\\- ]{1,40}\\]:?\\s+(?=\\S)"));

    private LogLines() {}

    /** Decodes bytes as UTF-8, falling back to Latin-1 (never fails); `warnings` receives why. */
    static String decode(byte[] bytes, List<String> warnings) {
        int nul = 0;
        for (int i = 0; i < Math.min(bytes.length, 65536); i++) if (bytes[i] == 0) nul++;
        if (nul > 0) warnings.add("contains binary data (" + nul + " NUL bytes in the first 64 KiB); reading what text there is");
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            warnings.add("not valid UTF-8; decoded as Latin-1");
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    static List<Line> of(String content) {
        List<Line> out = new ArrayList<>();
        String[] raw = content.split("\n", -1);
        int n = raw.length;
        if (n > 0 && raw[n - 1].isEmpty()) n--;
        for (int i = 0; i < n; i++) {
            String l = raw[i];
            if (l.indexOf('\r') >= 0) l = l.replace("\r", "");
            if (l.indexOf('\u001B') >= 0) l = ANSI.matcher(l).replaceAll("");
            l = l.replace("\u0000", "");
            String t = l.strip();
            if (t.startsWith("{") && t.endsWith("}") && t.length() > 2 && t.contains("\"")) {
                List<String> unpacked = jsonRecord(t);
                if (unpacked != null) {
                    for (String u : unpacked) out.add(new Line(i + 1, strip(u)));
                    continue;
                }
            }
            out.add(new Line(i + 1, strip(l)));
        }
        return out;
    }

    /** The message lines of a JSON log record, or null when the line is not one. */
    private static List<String> jsonRecord(String t) {
        JsonNode n;
        try {
            n = JSON.readTree(t);
        } catch (Exception e) {
            return null;
        }
        if (n == null || !n.isObject()) return null;
        StringBuilder sb = new StringBuilder();
        for (String k : List.of("message", "msg", "log", "event", "text")) {
            if (n.hasNonNull(k) && n.get(k).isTextual()) { sb.append(n.get(k).asText()); break; }
        }
        if (sb.isEmpty()) return null;
        for (String k : List.of("exc_info", "exception", "exc_text", "stack_trace", "traceback", "stack")) {
            if (n.hasNonNull(k) && n.get(k).isTextual()) {
                if (!sb.toString().endsWith("\n")) sb.append('\n');
                sb.append(n.get(k).asText());
            }
        }
        String s = sb.toString();
        if (s.endsWith("\n")) s = s.substring(0, s.length() - 1);
        List<String> out = new ArrayList<>();
        for (String part : s.split("\n", -1)) out.add(part.replace("\r", ""));
        return out;
    }

    /** Removes logging prefixes at the start of a line (the line's own indentation is kept). */
    static String strip(String line) {
        String l = line;
        for (int round = 0; round < 4; round++) {
            boolean changed = false;
            for (Pattern p : PREFIXES) {
                var m = p.matcher(l);
                if (m.find() && m.end() > 0 && m.end() < l.length()) {
                    l = l.substring(m.end());
                    changed = true;
                }
            }
            if (!changed) break;
        }
        return l;
    }
}
