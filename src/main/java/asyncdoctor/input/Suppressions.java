package asyncdoctor.input;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Inline suppressions: a comment {@code # asyncdoctor: ignore[AD101]} or
 * {@code # asyncdoctor: ignore[blocking-call, AD204]} silences findings of those rule ids (or
 * aliases) or categories reported on the same line. An ignore without an id silences nothing and is
 * reported as an error: every suppression must say what it silences.
 *
 * <p>Only real comments count: a small scanner skips string literals (triple-quoted ones across
 * lines too), so documentation that quotes the syntax is not a suppression.
 */
public final class Suppressions {
    private static final Pattern DIRECTIVE = Pattern.compile("asyncdoctor\\s*:\\s*ignore\\b(\\s*\\[([^\\]]*)\\])?");

    /** The suppressions of one file: line -> ids, and the lines with an ignore that names nothing. */
    public record FileSuppressions(Map<Integer, List<String>> byLine, List<Integer> bareLines) {
        public FileSuppressions {
            byLine = Map.copyOf(byLine);
            bareLines = List.copyOf(bareLines);
        }

        public List<String> on(int line) { return byLine.getOrDefault(line, List.of()); }
    }

    private Suppressions() {}

    /** Null when the file has no asyncdoctor directive at all (the common case, decided fast). */
    public static FileSuppressions scan(String text) {
        if (text == null || !text.contains("asyncdoctor")) return null;
        Map<Integer, List<String>> byLine = new LinkedHashMap<>();
        List<Integer> bare = new ArrayList<>();
        Map<Integer, String> comments = comments(text);
        for (var e : comments.entrySet()) {
            Matcher m = DIRECTIVE.matcher(e.getValue());
            while (m.find()) {
                List<String> ids = new ArrayList<>();
                if (m.group(2) != null) {
                    for (String id : m.group(2).split(",")) {
                        if (!id.isBlank()) ids.add(id.strip());
                    }
                }
                if (ids.isEmpty()) bare.add(e.getKey());
                else byLine.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).addAll(ids);
            }
        }
        return byLine.isEmpty() && bare.isEmpty() ? null : new FileSuppressions(byLine, bare);
    }

    /** Line (1-based) -> comment text after '#', for every comment outside string literals. */
    static Map<Integer, String> comments(String text) {
        Map<Integer, String> out = new LinkedHashMap<>();
        int line = 1;
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (c == '\n') {
                line++;
                i++;
            } else if (c == '#') {
                int end = text.indexOf('\n', i);
                if (end < 0) end = n;
                out.put(line, text.substring(i + 1, end));
                i = end;
            } else if (c == '"' || c == '\'') {
                boolean triple = i + 2 < n && text.charAt(i + 1) == c && text.charAt(i + 2) == c;
                int j = i + (triple ? 3 : 1);
                while (j < n) {
                    char d = text.charAt(j);
                    if (d == '\\') {
                        if (j + 1 < n && text.charAt(j + 1) == '\n') line++;
                        j += 2;
                        continue;
                    }
                    if (d == '\n') {
                        if (!triple) break; // unterminated single-quoted string: stop at the line end
                        line++;
                    }
                    if (d == c && (!triple || (j + 2 < n && text.charAt(j + 1) == c && text.charAt(j + 2) == c))) {
                        j += triple ? 3 : 1;
                        break;
                    }
                    j++;
                }
                i = Math.min(j, n);
            } else {
                i++;
            }
        }
        return out;
    }

    /** The code part of one line: the text before a comment (strings respected), stripped. */
    public static String codeOf(String line) {
        if (line == null) return "";
        Map<Integer, String> c = comments(line);
        String code = line;
        String comment = c.get(1);
        if (comment != null) code = line.substring(0, line.length() - comment.length() - 1);
        return code.strip();
    }
}
