package asyncdoctor.api;

import java.util.List;

/**
 * Where the code cells of one Jupyter notebook sit in the Python module it is analyzed as. A
 * notebook's findings keep the notebook path as {@code file}; their {@code line} is the line in the
 * code cells concatenated in notebook order (each cell's source followed by a newline, nothing in
 * between). {@link #locate(int)} turns it back into the cell (numbered from 1 over all cells of the
 * notebook, markdown included) and the line within that cell. Immutable.
 *
 * @param file  the notebook as findings name it
 * @param cells the code cells in order
 */
public record NotebookCells(String file, List<Cell> cells) {
    public NotebookCells {
        cells = List.copyOf(cells);
    }

    /** One code cell: its number among all cells, and the first line and line count it occupies. */
    public record Cell(int number, int firstLine, int lineCount) {}

    /** A line of the concatenated source as cell and line in the cell. */
    public record CellLine(int cell, int line) {
        @Override
        public String toString() { return "cell " + cell + ", line " + line; }
    }

    /** The cell and line for a line of the concatenated source, or null when no cell holds it. */
    public CellLine locate(int line) {
        for (Cell c : cells) {
            if (line >= c.firstLine() && line < c.firstLine() + c.lineCount()) return new CellLine(c.number(), line - c.firstLine() + 1);
        }
        return null;
    }
}
