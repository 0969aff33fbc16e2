package asyncdoctor.parse;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decodes a Python source file the way CPython does: a UTF-8 BOM, else a PEP 263 coding cookie on
 * line 1 or 2, else UTF-8. Binary files (NUL bytes) and undecodable files are rejected with a reason
 * that names the line, so the caller can warn and go on with the other files.
 */
public final class SourceText {
    private static final Pattern COOKIE = Pattern.compile("^[ \\t\\f]*#.*?coding[:=][ \\t]*([-\\w.]+)");

    /** A decoding failure: the file is skipped with this message. */
    public static final class Undecodable extends Exception {
        public final int line;
        public Undecodable(String message, int line) { super(message); this.line = line; }
    }

    private final String text;
    private final int[] lineStarts;

    private SourceText(String text) {
        this.text = text;
        // indexOf is vectorized; a charAt loop over every char was a visible cost on large trees
        int[] starts = new int[Math.max(16, text.length() / 32)];
        int k = 1;
        for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
            if (k == starts.length) starts = java.util.Arrays.copyOf(starts, starts.length * 2);
            starts[k++] = i + 1;
        }
        this.lineStarts = java.util.Arrays.copyOf(starts, k);
    }

    public static SourceText of(String text) { return new SourceText(text); }

    public static SourceText decode(byte[] bytes) throws Undecodable {
        int nul = indexOf(bytes, (byte) 0);
        if (nul >= 0) throw new Undecodable("binary file (NUL byte)", lineOf(bytes, nul));
        int offset = 0;
        Charset cs = StandardCharsets.UTF_8;
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF) {
            offset = 3;
        } else {
            String declared = cookie(bytes);
            if (declared != null) {
                try {
                    cs = Charset.forName(normalize(declared));
                } catch (Exception e) {
                    throw new Undecodable("unknown encoding in coding cookie: " + declared, 1);
                }
            }
        }
        try {
            String s = cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, bytes.length - offset)).toString();
            return new SourceText(s);
        } catch (CharacterCodingException e) {
            int bad = firstInvalidUtf8(bytes, offset);
            throw new Undecodable("not valid " + cs.name() + " text (no coding cookie declares another encoding)", lineOf(bytes, Math.max(bad, 0)));
        }
    }

    private static String normalize(String name) {
        String n = name.toLowerCase().replace('_', '-');
        if (n.equals("latin-1") || n.startsWith("iso-latin-1") || n.equals("latin1")) return "ISO-8859-1";
        if (n.equals("utf8") || n.startsWith("utf-8-")) return "UTF-8";
        return n;
    }

    private static String cookie(byte[] bytes) {
        int lineStart = 0;
        for (int line = 0; line < 2 && lineStart < bytes.length; line++) {
            int end = lineStart;
            while (end < bytes.length && bytes[end] != '\n') end++;
            String l = new String(bytes, lineStart, end - lineStart, StandardCharsets.ISO_8859_1);
            Matcher m = COOKIE.matcher(l);
            if (m.find()) return m.group(1);
            // Only a comment or blank first line lets the cookie sit on line 2.
            if (!l.isBlank() && !l.stripLeading().startsWith("#")) break;
            lineStart = end + 1;
        }
        return null;
    }

    private static int indexOf(byte[] b, byte v) {
        for (int i = 0; i < b.length; i++) if (b[i] == v) return i;
        return -1;
    }

    private static int lineOf(byte[] b, int pos) {
        int line = 1;
        for (int i = 0; i < pos && i < b.length; i++) if (b[i] == '\n') line++;
        return line;
    }

    /** Byte offset of the first malformed UTF-8 sequence (the decoder stops right there). */
    private static int firstInvalidUtf8(byte[] b, int from) {
        ByteBuffer in = ByteBuffer.wrap(b, from, b.length - from);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(b.length);
        var result = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(in, out, true);
        return result.isError() ? in.position() : b.length;
    }

    public String text() { return text; }

    public int lineCount() { return lineStarts.length; }

    /** 1-based line of a char offset. */
    public int lineOf(int offset) {
        int i = Arrays.binarySearch(lineStarts, offset);
        return (i >= 0 ? i : -i - 2) + 1;
    }

    /** 0-based column (UTF-16 units) of a char offset. */
    public int columnOf(int offset) {
        return offset - lineStarts[lineOf(offset) - 1];
    }

    /** The text of a 1-based line without its line break. */
    public String line(int line) {
        if (line < 1 || line > lineStarts.length) return "";
        int s = lineStarts[line - 1];
        int e = line < lineStarts.length ? lineStarts[line] - 1 : text.length();
        if (e > s && text.charAt(e - 1) == '\r') e--;
        return text.substring(s, Math.max(s, e));
    }
}
