package asyncdoctor.input;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Jupyter notebooks (.ipynb) as one Python module: the code cells in notebook order, each cell's
 * source followed by a newline, nothing in between. A finding's line is the line in that
 * concatenated source; {@link Converted#locate(int)} maps it back to (cell, line in cell), where
 * cells are numbered from 1 over all cells of the notebook (markdown and raw cells included, so
 * "cell 3" is the third cell a reader sees).
 *
 * <p>IPython syntax that is not Python is blanked line for line, so numbering never shifts:
 * line magics ({@code %time f()}), shell escapes ({@code !pip install x}), help ({@code obj?}) and
 * assignments from them ({@code files = !ls}) become {@code pass} / {@code name = None} at the same
 * indentation; a cell magic ({@code %%bash}) blanks its whole cell, except the Python-bodied ones
 * ({@code %%time}, {@code %%timeit}, {@code %%capture}, {@code %%prun}) whose first line only is
 * blanked.
 */
public final class Notebooks {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> PYTHON_CELL_MAGICS = Set.of("time", "timeit", "capture", "prun", "debug", "python", "python3");
    private static final Pattern ASSIGN_FROM_MAGIC = Pattern.compile("^(\\s*)([A-Za-z_][\\w.]*(?:\\s*,\\s*[A-Za-z_][\\w.]*)*)\\s*=\\s*[!%].*$");
    private static final Pattern MAGIC_OR_SHELL = Pattern.compile("^(\\s*)(?:[!%]|\\?\\??[A-Za-z_]).*$");
    private static final Pattern HELP_SUFFIX = Pattern.compile("^(\\s*)[A-Za-z_][\\w.]*\\?\\??\\s*$");

    /** One code cell: its 1-based number among all cells, and the concatenated lines it occupies. */
    public record Cell(int number, int firstLine, int lineCount) {}

    /** A notebook lowered to Python, with the cell of every line. */
    public record Converted(String source, List<Cell> cells) {
        public Converted {
            cells = List.copyOf(cells);
        }

        /** (cell number, 1-based line in that cell) for a line of the concatenated source, or null. */
        public int[] locate(int line) {
            for (Cell c : cells) {
                if (line >= c.firstLine() && line < c.firstLine() + c.lineCount()) return new int[] {c.number(), line - c.firstLine() + 1};
            }
            return null;
        }
    }

    /** The notebook is not JSON, not nbformat 4, or not a Python notebook. */
    public static final class NotANotebook extends Exception {
        public NotANotebook(String message) { super(message); }
    }

    private Notebooks() {}

    public static boolean isNotebook(String name) {
        return name.toLowerCase(Locale.ROOT).endsWith(".ipynb");
    }

    public static Converted convert(String json) throws NotANotebook {
        JsonNode doc;
        try {
            doc = JSON.readTree(json);
        } catch (IOException e) {
            throw new NotANotebook("not a valid notebook (invalid JSON: " + firstLine(e.getMessage()) + ")");
        }
        if (doc == null || !doc.isObject()) throw new NotANotebook("not a valid notebook (no JSON object)");
        String language = language(doc);
        if (language != null && !language.toLowerCase(Locale.ROOT).startsWith("python")) {
            throw new NotANotebook("not a Python notebook (kernel language " + language + ")");
        }
        JsonNode cells = doc.get("cells");
        if (cells == null) {
            // nbformat 3 kept cells under worksheets[].cells with `input` instead of `source`.
            JsonNode ws = doc.path("worksheets");
            if (ws.isArray() && !ws.isEmpty()) cells = ws.get(0).get("cells");
        }
        if (cells == null || !cells.isArray()) throw new NotANotebook("not a valid notebook (no `cells` list)");
        StringBuilder out = new StringBuilder();
        List<Cell> spans = new ArrayList<>();
        int line = 1;
        int number = 0;
        for (JsonNode cell : cells) {
            number++;
            if (!"code".equals(cell.path("cell_type").asText())) continue;
            String src = text(cell.has("source") ? cell.get("source") : cell.get("input"));
            if (src.isEmpty()) continue;
            List<String> lines = new ArrayList<>(List.of(src.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1)));
            if (lines.size() > 1 && lines.get(lines.size() - 1).isEmpty()) lines.remove(lines.size() - 1);
            blankIPython(lines);
            spans.add(new Cell(number, line, lines.size()));
            for (String l : lines) out.append(l).append('\n');
            line += lines.size();
        }
        return new Converted(out.toString(), spans);
    }

    private static void blankIPython(List<String> lines) {
        String first = lines.get(0).strip();
        if (first.startsWith("%%")) {
            String magic = first.substring(2).split("\\s+", 2)[0];
            if (PYTHON_CELL_MAGICS.contains(magic)) {
                lines.set(0, "");
            } else {
                for (int i = 0; i < lines.size(); i++) lines.set(i, "");
                return;
            }
        }
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            Matcher a = ASSIGN_FROM_MAGIC.matcher(l);
            if (a.matches()) {
                lines.set(i, a.group(1) + a.group(2) + " = None");
                continue;
            }
            Matcher m = MAGIC_OR_SHELL.matcher(l);
            Matcher h = HELP_SUFFIX.matcher(l);
            if (m.matches() || h.matches()) {
                String indent = m.matches() ? m.group(1) : h.group(1);
                lines.set(i, indent.isEmpty() ? "" : indent + "pass");
            }
        }
    }

    private static String language(JsonNode doc) {
        JsonNode meta = doc.path("metadata");
        String l = meta.path("language_info").path("name").asText(null);
        if (l == null) l = meta.path("kernelspec").path("language").asText(null);
        return l;
    }

    private static String text(JsonNode source) {
        if (source == null || source.isNull()) return "";
        if (source.isArray()) {
            StringBuilder sb = new StringBuilder();
            source.forEach(s -> sb.append(s.asText()));
            return sb.toString();
        }
        return source.asText();
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int i = s.indexOf('\n');
        return i < 0 ? s : s.substring(0, i);
    }
}
