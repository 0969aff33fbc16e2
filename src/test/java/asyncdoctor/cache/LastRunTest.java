package asyncdoctor.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import asyncdoctor.TestSupport;
import asyncdoctor.api.AnalysisRequest;
import asyncdoctor.api.ProgressListener;
import asyncdoctor.report.JsonReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reusing the last run's report after edits that leave the changed files' facts as they were: only
 * when the report would be the same (the same as a run without caches, every time), and never when
 * the edit changes a line the report quotes, adds an inline suppression or gives a file async code.
 */
class LastRunTest {
    @TempDir Path tree;
    private Path svc;
    private Path util;
    private Path other;

    @BeforeEach
    void makeTree() throws Exception {
        // unique names: the test cache folder is shared between tests
        String tag = "h" + UUID.randomUUID().toString().replace("-", "");
        svc = tree.resolve("svc.py");
        util = tree.resolve("util.py");
        other = tree.resolve("other.py");
        Files.writeString(svc, "import time\nimport util\n\nasync def " + tag + "():\n    util.step()\n    time.sleep(1)\n");
        Files.writeString(util, "def step():\n    return 1\n");
        Files.writeString(other, "def unrelated():\n    return 2\n");
        assertFalse(run().reused, "the first run is a full one");
    }

    private record Run(String json, boolean reused, List<String> phases) {}

    private Run run() throws Exception {
        List<String> phases = new ArrayList<>();
        ProgressListener listener = new ProgressListener() {
            @Override
            public void phase(String name) { phases.add(name); }
        };
        AnalysisRequest req = AnalysisRequest.builder().path(tree).workingDirectory(tree).progress(listener).build();
        asyncdoctor.api.Report report = TestSupport.analyzer().analyze(req);
        asyncdoctor.api.Report uncached = TestSupport.analyzer().analyze(
                AnalysisRequest.builder().path(tree).workingDirectory(tree).cache(false).build());
        String json = JsonReport.render(report);
        assertEquals(JsonReport.render(uncached), json, "the same report as a run without caches");
        assertEquals(uncached.stats(), report.stats(), "the same counts of files and lines");
        assertEquals(asyncdoctor.report.TextReport.render(uncached), asyncdoctor.report.TextReport.render(report));
        return new Run(json, phases.stream().anyMatch(p -> p.contains("reusing its report")), phases);
    }

    private static void append(Path p, String text) throws Exception {
        Files.writeString(p, Files.readString(p) + text);
    }

    /** Appends text to a file, runs again (checked against a run without caches), and says whether the last report was reused. */
    private boolean reusedAfter(Path p, String text) throws Exception {
        append(p, text);
        return run().reused();
    }

    @Test
    void commentsAndUnparsedFilesReuseTheReport() throws Exception {
        append(svc, "\n# a comment at the end\n");
        Run r = run();
        assertTrue(r.reused(), "phases: " + r.phases());
        assertTrue(reusedAfter(other, "\n# about nothing\n"), "a file without async code (small trees are parsed whole)");
        assertTrue(reusedAfter(util, "# about step\n"), "a parsed file without async code, facts unchanged");
        assertTrue(reusedAfter(svc, "\n# another\n"), "again, against the reused run's state");
    }

    @Test
    void aFileThePlannerDidNotParseMayChangeFreely() throws Exception {
        // a tree the planner parses on demand: the handler, what it calls, and files nothing reaches
        for (int i = 0; i < asyncdoctor.extract.Planner.ALL_FILES_LIMIT; i++) {
            Files.writeString(tree.resolve("fill_" + i + ".py"), "def f():\n    return " + i + "\n");
        }
        assertFalse(run().reused(), "a new file: a full run");
        assertTrue(reusedAfter(tree.resolve("fill_7.py"), "\n\ndef g():\n    return f()\n"), "new facts, but in a file no async code reaches");
        assertFalse(reusedAfter(tree.resolve("fill_8.py"), "\n\nasync def h():\n    return f()\n"),
                "a file that gains async code is parsed: a full run");
    }

    /** After an undone edit (or switching branches back), the next edit is compared with the tree as it is again. */
    @Test
    void anUndoneEditIsAnsweredFromTheResultsAndTheNextEditComparesWithIt() throws Exception {
        String before = Files.readString(util);
        assertFalse(reusedAfter(util, "\n\ndef extra():\n    return step()\n"), "new facts: a full run");
        Files.writeString(util, before);
        Run undone = run();
        assertFalse(undone.phases().contains("linking"), "answered from the result cache: " + undone.phases());
        assertTrue(reusedAfter(svc, "\n# a comment\n"), "compared with the full run of this tree, not with the undone edit's");
    }

    @Test
    void aDamagedEntryRunsInFull() throws Exception {
        Path entries = asyncdoctor.parse.NativeLibraries.cacheRoot().resolve("last-runs").resolve(BuildId.get());
        // every entry of the folder, this tree's among them (other trees' runs write their own anew)
        try (var s = Files.list(entries)) {
            for (Path entry : s.toList()) {
                byte[] b = Files.readAllBytes(entry);
                Files.write(entry, java.util.Arrays.copyOf(b, b.length / 3));
            }
        }
        assertFalse(reusedAfter(svc, "\n# a comment\n"), "a truncated entry is a miss");
        assertTrue(reusedAfter(svc, "# another\n"), "the full run wrote a good entry again");
    }

    @Test
    void aChangedFactRunsInFull() throws Exception {
        assertFalse(reusedAfter(util, "\n\ndef extra():\n    return step()\n"));
        Files.writeString(svc, "# moved\n" + Files.readString(svc));
        Run moved = run();
        assertFalse(moved.reused());
        assertTrue(moved.json().contains("\"line\" : 7"), moved.json());
    }

    @Test
    void aQuotedLineThatChangesRunsInFull() throws Exception {
        // the facts stay the same (a comment), but the finding's line reads differently
        Files.writeString(svc, Files.readString(svc).replace("time.sleep(1)\n", "time.sleep(1)  # slow\n"));
        assertFalse(run().reused());
    }

    @Test
    void anInlineSuppressionRunsInFull() throws Exception {
        String before = run().json();
        Files.writeString(svc, Files.readString(svc).replace("time.sleep(1)\n", "time.sleep(1)  # asyncdoctor: ignore[AD101]\n"));
        Run r = run();
        assertFalse(r.reused());
        assertNotEquals(before, r.json());
    }

    @Test
    void aSuppressionCommentAnywhereRunsInFull() throws Exception {
        // no finding's line changes, but a bare `ignore` is an error of the report's own
        append(util, "# asyncdoctor: ignore\n");
        Run r = run();
        assertFalse(r.reused());
        assertTrue(r.json().contains("must name what it silences"), r.json());
    }

    @Test
    void aFileThatGainsAsyncCodeRunsInFull() throws Exception {
        assertFalse(reusedAfter(other, "\n\nasync def now_async():\n    pass\n"));
    }
}
