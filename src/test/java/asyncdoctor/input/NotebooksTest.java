package asyncdoctor.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import asyncdoctor.TestSupport;
import asyncdoctor.api.AnalysisRequest;
import asyncdoctor.api.Finding;
import asyncdoctor.api.Report;
import asyncdoctor.report.JsonReport;
import asyncdoctor.report.TextReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Jupyter notebooks: code cells as one module, IPython syntax blanked line for line, lines mapped back to cells. */
class NotebooksTest {
    static final String NB = """
            {"cells": [
              {"cell_type": "markdown", "source": ["# Worker notebook\\n", "text"]},
              {"cell_type": "code", "execution_count": 1, "source": ["import time\\n", "import requests\\n", "%matplotlib inline\\n"]},
              {"cell_type": "raw", "source": "not code"},
              {"cell_type": "code", "source": "%%bash\\nsleep 10\\necho done"},
              {"cell_type": "code", "source": ["async def poll(url):\\n", "    files = !ls\\n", "    !echo hi\\n",
                                               "    time.sleep(1)\\n", "    return requests.get(url)\\n"]},
              {"cell_type": "code", "source": ["%%time\\n", "x = 1"]},
              {"cell_type": "code", "source": []}
            ],
             "metadata": {"kernelspec": {"name": "python3", "language": "python"}}, "nbformat": 4, "nbformat_minor": 5}
            """;

    @Test
    void codeCellsBecomeOneModuleWithMagicsBlankedAndCellsMapped() throws Exception {
        Notebooks.Converted c = Notebooks.convert(NB);
        assertEquals("import time\nimport requests\n\n" + "\n\n\n" // %matplotlib, then the %%bash cell
                + "async def poll(url):\n    files = None\n    pass\n    time.sleep(1)\n    return requests.get(url)\n"
                + "\nx = 1\n", c.source());
        assertEquals(List.of(new Notebooks.Cell(2, 1, 3), new Notebooks.Cell(4, 4, 3), new Notebooks.Cell(5, 7, 5),
                new Notebooks.Cell(6, 12, 2)), c.cells());
        assertEquals(List.of(5, 4).toString(), List.of(c.locate(10)[0], c.locate(10)[1]).toString());
        assertEquals(List.of(2, 1).toString(), List.of(c.locate(1)[0], c.locate(1)[1]).toString());
        assertNull(c.locate(99));
    }

    @Test
    void nonPythonAndBrokenNotebooksAreRejectedWithAReason() {
        var r = assertThrows(Notebooks.NotANotebook.class, () -> Notebooks.convert(
                "{\"cells\": [], \"metadata\": {\"kernelspec\": {\"language\": \"R\"}}}"));
        assertTrue(r.getMessage().contains("kernel language R"), r.getMessage());
        assertTrue(assertThrows(Notebooks.NotANotebook.class, () -> Notebooks.convert("{\"cells\": [")).getMessage().contains("invalid JSON"));
        assertTrue(assertThrows(Notebooks.NotANotebook.class, () -> Notebooks.convert("[1, 2]")).getMessage().contains("not a valid notebook"));
    }

    @Test
    void aNotebookIsAnalyzedAndItsFindingsNameTheCellAndLine(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("worker.ipynb"), NB);
        Files.writeString(tmp.resolve("r.ipynb"), "{\"cells\": [], \"metadata\": {\"language_info\": {\"name\": \"R\"}}}");
        Report r = TestSupport.analyzer().analyze(AnalysisRequest.builder().path(tmp).workingDirectory(tmp).build());
        List<Finding> fs = r.findings();
        Finding sleep = fs.stream().filter(f -> f.line() == 10).findFirst().orElseThrow(() -> new AssertionError(fs.toString()));
        assertEquals("worker.ipynb", sleep.file(), "the JSON file stays the notebook path");
        assertEquals("blocking-call", sleep.category());
        assertEquals("cell 5, line 4", r.cellOf("worker.ipynb", 10).toString());
        assertTrue(fs.stream().anyMatch(f -> f.line() == 11), "requests.get in cell 5, line 5: " + fs);
        String text = TextReport.render(r);
        assertTrue(text.contains("Location: worker.ipynb:10 (cell 5, line 4) in worker.poll"), text);
        String json = JsonReport.render(r);
        assertTrue(json.contains("\"file\" : \"worker.ipynb\"") && json.contains("\"notebooks\""), json);
        assertTrue(r.diagnostics().warnings().stream().anyMatch(w -> w.startsWith("r.ipynb: warning: skipped: not a Python notebook")),
                r.diagnostics().warnings().toString());
        // The same notebook given as an in-memory source.
        Report mem = TestSupport.analyzer().analyze(AnalysisRequest.builder().source("mem.ipynb", NB).build());
        assertTrue(mem.findings().stream().anyMatch(f -> f.file().equals("mem.ipynb") && f.line() == 10), mem.findings().toString());
    }
}
