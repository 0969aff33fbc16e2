package asyncdoctor.parse;

/** A parsed file: its text, its root node and whether tree-sitter had to recover from errors. */
public record SyntaxTree(SourceText source, PyNode root, int firstErrorLine) {
    public boolean hasErrors() { return firstErrorLine > 0; }

    public String text(PyNode n) { return source.text().substring(n.start, n.end); }

    public int line(PyNode n) { return source.lineOf(n.start); }

    public int endLine(PyNode n) { return source.lineOf(Math.max(n.start, n.end - 1)); }

    public int column(PyNode n) { return source.columnOf(n.start); }
}
