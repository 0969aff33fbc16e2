package asyncdoctor.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import asyncdoctor.cache.FileStamps;
import asyncdoctor.cache.PlanCache;
import asyncdoctor.input.InputFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rerun takes the last run's plan (which files to parse) only when the rounds would reach the same
 * files: edits inside bodies keep it; a new call, a new file with async code or another file list
 * do not. Either way the files parsed are those a run without the plan parses.
 */
class PlanReuseTest {
    private Path tree;
    private Path cache;

    private void write(String rel, String text) throws Exception {
        Path p = tree.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    /** A tree larger than Planner.ALL_FILES_LIMIT: a handler, what it calls, and unrelated files. */
    private void makeTree(Path tmp) throws Exception {
        tree = tmp.resolve("tree");
        cache = tmp.resolve("cache");
        write("app/main.py", "import app.helpers\n\nasync def handler():\n    app.helpers.step()\n");
        write("app/helpers.py", "import app.deep\n\ndef step():\n    x = 1\n    return app.deep.work()\n");
        write("app/deep.py", "def work():\n    return 2\n");
        write("app/other.py", "def extra():\n    return 3\n");
        for (int i = 0; i < Planner.ALL_FILES_LIMIT; i++) write("app/fill_" + i + ".py", "def f():\n    return " + i + "\n");
    }

    private record Run(Planner.Plan plan, Set<String> parsed) {}

    /** Plans the tree as the analyzer does: digests and async files from one read, the plan kept in the cache folder. */
    private Run plan(boolean withMemory) throws Exception {
        List<InputFiles.Input> inputs = new ArrayList<>();
        try (var files = Files.walk(tree)) {
            for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
                String rel = tree.relativize(p).toString();
                inputs.add(new InputFiles.Input(p, rel, rel));
            }
        }
        Map<String, FileStamps.Known> known = new HashMap<>();
        Set<String> roots = new java.util.HashSet<>();
        for (InputFiles.Input in : inputs) {
            byte[] content = Files.readAllBytes(in.path());
            boolean root = Planner.isRoot(in, content);
            known.put(in.display(), new FileStamps.Known(FileStamps.sha256(content), root, false));
            if (root) roots.add(in.display());
        }
        Planner.Memory memory = withMemory ? new PlanCache(cache, "build", tree.toString(), known) : null;
        Planner.Plan plan = Planner.run(inputs, Map.of(), 2, true, null, null, roots, memory);
        Set<String> parsed = new TreeSet<>();
        for (FileFacts ff : plan.outcome().files()) parsed.add(ff.module().id());
        return new Run(plan, parsed);
    }

    /** Plans with the cache, checks the files parsed against a plan made from scratch, says whether the last plan held. */
    private boolean reused() throws Exception {
        Run run = plan(true);
        assertEquals(plan(false).parsed(), run.parsed(), "the same files as a plan from scratch");
        return run.plan().reused();
    }

    @Test
    void editsInsideBodiesKeepThePlanAndNewCallsDoNot(@TempDir Path tmp) throws Exception {
        makeTree(tmp);
        assertFalse(reused(), "nothing to reuse on the first run");
        assertEquals(Set.of("app/main.py", "app/helpers.py", "app/deep.py"), plan(false).parsed());
        assertTrue(reused(), "nothing changed");

        write("app/helpers.py", "# moved down a line\nimport app.deep\n\ndef step():\n    x = 10  # another value\n    return app.deep.work()\n");
        assertTrue(reused(), "lines, values and comments are not what the rounds read");

        write("app/helpers.py", "import app.deep\nimport app.other\n\ndef step():\n    app.other.extra()\n    return app.deep.work()\n");
        assertFalse(reused(), "a new call can reach another file");
        assertTrue(plan(false).parsed().contains("app/other.py"));
        assertTrue(reused(), "and the new plan is kept");

        write("app/fill_7.py", "def f():\n    return 'changed'\n");
        assertTrue(reused(), "a file the plan does not parse changed");
        write("app/fill_7.py", "async def f():\n    return 7\n");
        assertFalse(reused(), "a file gained async code: it is parsed from now on");
        write("app/new_module.py", "def g():\n    return 1\n");
        assertFalse(reused(), "another file list");
    }

    @Test
    void aDamagedPlanIsIgnored(@TempDir Path tmp) throws Exception {
        makeTree(tmp);
        assertFalse(reused());
        try (var files = Files.walk(cache)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) Files.write(p, new byte[] {1, 2, 3});
        }
        assertNull(new PlanCache(cache, "build", tree.toString(), Map.of()).recall());
        assertFalse(reused(), "planned again");
        assertTrue(reused());
        assertNull(new PlanCache(cache, "another build", tree.toString(), Map.of()).recall(), "plans are kept per build");
    }
}
