package asyncdoctor.parse;

import io.github.treesitter.jtreesitter.InputEncoding;
import io.github.treesitter.jtreesitter.Language;
import io.github.treesitter.jtreesitter.Node;
import io.github.treesitter.jtreesitter.Parser;
import io.github.treesitter.jtreesitter.Tree;
import io.github.treesitter.jtreesitter.TreeCursor;
import java.lang.foreign.Arena;
import java.lang.foreign.SegmentAllocator;

/**
 * Parses Python with tree-sitter and copies the tree into {@link PyNode}s. One instance per thread:
 * tree-sitter parsers are not thread-safe.
 *
 * <p>When the tree-sitter core was compiled at build time it carries {@code ad_parse_walk}
 * (src/main/c/syntax_walk.c), which parses and flattens the whole tree in one foreign call; otherwise
 * (the prebuilt core) the tree is walked from Java through jtreesitter, about ten calls per node.
 */
public final class PythonParser implements AutoCloseable {
    private static volatile Language language;
    private static volatile String[] symbolNames;
    private static volatile String[] fieldNames;

    private final Parser parser;
    private final NativeWalk walk;

    public PythonParser() {
        this(true);
    }

    /** With {@code nativeWalk} false the tree is always walked from Java (tests compare the two). */
    PythonParser(boolean nativeWalk) {
        this.parser = new Parser(language());
        this.walk = nativeWalk && NativeWalk.available() ? new NativeWalk() : null;
    }

    public static Language language() {
        if (language == null) {
            synchronized (PythonParser.class) {
                if (language == null) {
                    Language l = Language.load(NativeLibraries.python(), "tree_sitter_python");
                    String[] syms = new String[l.getSymbolCount()];
                    for (int i = 0; i < syms.length; i++) {
                        String s = l.getSymbolName((short) i);
                        syms[i] = s == null ? "?" : s.intern();
                    }
                    String[] fields = new String[l.getFieldCount() + 1];
                    for (int i = 1; i < fields.length; i++) {
                        String f = l.getFieldNameForId((short) i);
                        fields[i] = f == null ? null : f.intern();
                    }
                    symbolNames = syms;
                    fieldNames = fields;
                    language = l;
                }
            }
        }
        return language;
    }

    public SyntaxTree parse(SourceText source) {
        if (walk != null) {
            int[] nodes = walk.parse(source.text());
            if (nodes != null) return fromNodes(source, nodes);
        }
        String text = source.text();
        try (Tree tree = parser.parse(text, InputEncoding.UTF_16LE).orElseThrow(() -> new IllegalStateException("tree-sitter returned no tree"));
             TreeCursor cursor = tree.walk();
             Arena arena = Arena.ofConfined()) {
            // Every visited node is read at once and never touched again, so one small native segment
            // is reused for all of them instead of an allocation per node (the dominant cost otherwise).
            SegmentAllocator reuse = SegmentAllocator.prefixAllocator(arena.allocate(64, 16));
            // Iterative walk: 5,000-deep nesting must not overflow the Java stack.
            Node rootNode = cursor.getCurrentNode(arena);
            PyNode root = copy(rootNode, null);
            PyNode current = root;
            int firstError = rootNode.hasError() ? Integer.MAX_VALUE : 0;
            String[] syms = symbolNames;
            String[] fields = fieldNames;
            if (cursor.gotoFirstChild()) {
                while (true) {
                    Node n = cursor.getCurrentNode(reuse);
                    short fid = cursor.getCurrentFieldId();
                    String field = fid > 0 && fid < fields.length ? fields[fid] : null;
                    int sym = Short.toUnsignedInt(n.getSymbol());
                    boolean err = n.isError() || n.isMissing();
                    PyNode pn = new PyNode(sym < syms.length ? syms[sym] : n.getType(), field, n.isNamed(), err,
                            n.getStartByte() >>> 1, n.getEndByte() >>> 1);
                    if (err && firstError > 0) firstError = Math.min(firstError, source.lineOf(pn.start));
                    current.add(pn);
                    if (cursor.gotoFirstChild()) {
                        current = pn;
                        continue;
                    }
                    while (!cursor.gotoNextSibling()) {
                        if (!cursor.gotoParent()) { current = null; break; }
                        current = current.parent;
                        if (current == null) break;
                    }
                    if (current == null) break;
                }
            }
            if (firstError == Integer.MAX_VALUE) firstError = 1;
            return new SyntaxTree(source, root, firstError);
        }
    }

    /** Rebuilds the tree from ad_parse_walk's pre-order records (symbol, field, flags, start, end, depth). */
    private static SyntaxTree fromNodes(SourceText source, int[] nodes) {
        String[] syms = symbolNames;
        String[] fields = fieldNames;
        PyNode[] open = new PyNode[64];
        PyNode root = null;
        int firstError = 0;
        for (int i = 0; i < nodes.length; i += NativeWalk.STRIDE) {
            int sym = nodes[i], fid = nodes[i + 1], flags = nodes[i + 2], depth = nodes[i + 5];
            String type = sym < syms.length ? syms[sym] : sym == 0xFFFF ? "ERROR" : "?";
            String field = fid > 0 && fid < fields.length ? fields[fid] : null;
            boolean err = (flags & NativeWalk.ERROR) != 0 || (depth > 0 && (flags & NativeWalk.MISSING) != 0);
            PyNode pn = new PyNode(type, field, (flags & NativeWalk.NAMED) != 0, err, nodes[i + 3] >>> 1, nodes[i + 4] >>> 1);
            if (depth == 0) {
                root = pn;
                if ((flags & NativeWalk.TREE_HAS_ERROR) != 0) firstError = Integer.MAX_VALUE;
            } else {
                open[depth - 1].add(pn);
                if (err && firstError > 0) firstError = Math.min(firstError, source.lineOf(pn.start));
            }
            if (depth >= open.length) open = java.util.Arrays.copyOf(open, open.length * 2);
            open[depth] = pn;
        }
        if (firstError == Integer.MAX_VALUE) firstError = 1;
        return new SyntaxTree(source, root, firstError);
    }

    private static PyNode copy(Node n, String field) {
        return new PyNode(n.getType(), field, n.isNamed(), n.isError(), n.getStartByte() >>> 1, n.getEndByte() >>> 1);
    }

    @Override
    public void close() {
        parser.close();
        if (walk != null) walk.close();
    }
}
