package asyncdoctor.parse;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One node of the syntax tree, copied out of tree-sitter in a single cursor walk. Plain Java objects
 * are far cheaper to visit than jtreesitter Nodes (each of which allocates a native arena).
 */
public final class PyNode {
    public final String type;
    /** Field name in the parent (tree-sitter-python's fields: name, body, function, arguments, ...). */
    public final String field;
    public final boolean named;
    public final boolean error;
    /** UTF-16 char offsets into the source. */
    public final int start, end;
    public PyNode parent;
    private List<PyNode> children = Collections.emptyList();

    PyNode(String type, String field, boolean named, boolean error, int start, int end) {
        this.type = type;
        this.field = field;
        this.named = named;
        this.error = error;
        this.start = start;
        this.end = end;
    }

    void add(PyNode child) {
        if (children.isEmpty()) children = new ArrayList<>(4);
        children.add(child);
        child.parent = this;
    }

    public List<PyNode> children() { return children; }

    public boolean is(String t) { return type.equals(t); }

    /** First child with this field name, or null. */
    public PyNode field(String name) {
        for (PyNode c : children) if (name.equals(c.field)) return c;
        return null;
    }

    public List<PyNode> fields(String name) {
        List<PyNode> out = new ArrayList<>(2);
        for (PyNode c : children) if (name.equals(c.field)) out.add(c);
        return out;
    }

    /** First child of this type, or null. */
    public PyNode child(String t) {
        for (PyNode c : children) if (c.type.equals(t)) return c;
        return null;
    }

    public List<PyNode> namedChildren() {
        List<PyNode> out = new ArrayList<>(children.size());
        for (PyNode c : children) if (c.named) out.add(c);
        return out;
    }

    public boolean hasChild(String t) { return child(t) != null; }

    @Override
    public String toString() { return type + "[" + start + "," + end + ")"; }
}
