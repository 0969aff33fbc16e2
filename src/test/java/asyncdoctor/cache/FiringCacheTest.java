package asyncdoctor.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import asyncdoctor.TestSupport;
import asyncdoctor.api.AnalysisRequest;
import asyncdoctor.api.ProgressListener;
import asyncdoctor.engine.Engine;
import asyncdoctor.engine.Reporter;
import asyncdoctor.extract.FileFacts;
import asyncdoctor.facts.CatalogHit;
import asyncdoctor.facts.Reaches;
import asyncdoctor.facts.SymptomCue;
import asyncdoctor.report.JsonReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The firing cache: a result read back equals the one stored, the key changes with anything the
 * sessions receive, and a rerun after an edit no rule can see reuses the firing with the same report
 * as a run without caches, while an edit the rules see fires again.
 */
class FiringCacheTest {
    private static final Reaches PATH = new Reaches("m.f", "blocking", "m.g", "time.sleep", List.of("m.f:3", "m.g:7"));

    private static Engine.Result result(Object extraVar) {
        Map<String, Object> vars = new LinkedHashMap<>();
        vars.put("api", "time.sleep");
        vars.put("count", 3);
        vars.put("big", 1L << 40);
        vars.put("ratio", 0.5);
        vars.put("flag", true);
        vars.put("none", null);
        vars.put("path", PATH);
        vars.put("nested", List.of(Map.of("k", "v"), List.of("a", "b")));
        vars.put("extra", extraVar);
        List<Reporter.Raw> raws = List.of(new Reporter.Raw("AD101", PATH.path().isEmpty() ? null : call(), List.of("m.f:3"), vars));
        return new Engine.Result(raws, "freeze", List.of(new SymptomCue("freezes", "freeze", 3, null, "freezes")), List.of(PATH));
    }

    private static asyncdoctor.facts.Call call() {
        // a Call of the extractor, as the rules see it
        var files = asyncdoctor.extract.Extraction.run(List.of(), Map.of("m.py", "import time\n\nasync def f():\n    time.sleep(1)\n"), 1);
        for (Object f : files.files().get(0).facts()) if (f instanceof asyncdoctor.facts.Call c && c.callee().equals("time.sleep")) return c;
        throw new AssertionError("no call");
    }

    @Test
    void aStoredResultReadsBackEqual(@TempDir Path tmp) {
        FiringCache cache = new FiringCache(tmp, "build");
        Engine.Result stored = result("x");
        cache.put("k1", stored);
        Engine.Result back = cache.get("k1");
        assertNotNull(back);
        assertEquals(stored, back);
        assertEquals(new ArrayList<>(stored.raws().get(0).vars().keySet()), new ArrayList<>(back.raws().get(0).vars().keySet()), "vars keep their order");
        assertNull(cache.get("k2"));
    }

    @Test
    void aResultWithAValueOfNoCachedFormIsNotKept(@TempDir Path tmp) throws Exception {
        FiringCache cache = new FiringCache(tmp, "build");
        cache.put("k", result(new java.util.HashSet<>(List.of("a"))));
        assertNull(cache.get("k"));
        try (var s = Files.list(tmp.resolve("firings").resolve("build"))) {
            assertEquals(0, s.count(), "nothing half-written is left behind");
        } catch (java.nio.file.NoSuchFileException e) {
            // not even the folder
        }
    }

    @Test
    void aDamagedEntryIsAMiss(@TempDir Path tmp) throws Exception {
        FiringCache cache = new FiringCache(tmp, "build");
        cache.put("k", result("x"));
        Path entry = tmp.resolve("firings").resolve("build").resolve("k.firing");
        byte[] b = Files.readAllBytes(entry);
        Files.write(entry, java.util.Arrays.copyOf(b, b.length / 2));
        assertNull(cache.get("k"));
    }

    @Test
    void theKeyFollowsEverythingTheSessionsReceive() {
        Map<String, String> sources = new LinkedHashMap<>();
        sources.put("a.py", "import time\n\nasync def f():\n    time.sleep(1)\n");
        sources.put("b.py", "async def g():\n    pass\n");
        List<FileFacts> files = new ArrayList<>(asyncdoctor.extract.Extraction.run(List.of(), sources, 1).files());
        files.sort(java.util.Comparator.comparing(f -> f.module().id()));
        String callId = null;
        for (Object f : files.get(0).facts()) if (f instanceof asyncdoctor.facts.Call c) callId = c.id();
        assertNotNull(callId, "a.py's call");
        Map<String, List<CatalogHit>> hits = Map.of(callId, List.of(new CatalogHit(callId, "blocking", "time.sleep", "call", "critical", "asyncio.sleep")));
        List<Object> extra = List.of(asyncdoctor.facts.TargetPython.of("3.12"));
        String key = FiringCache.key("kb1", 2, files, hits, extra, 1);
        assertNotNull(key);
        assertEquals(key, FiringCache.key("kb1", 2, files, hits, extra, 2), "threads do not matter");
        assertNotEquals(key, FiringCache.key("kb2", 2, files, hits, extra, 1), "the KB");
        assertNotEquals(key, FiringCache.key("kb1", 1, files, hits, extra, 1), "the rule groups");
        assertNotEquals(key, FiringCache.key("kb1", 2, files, Map.of(), extra, 1), "the catalog hits");
        assertNotEquals(key, FiringCache.key("kb1", 2, files, hits, List.of(asyncdoctor.facts.TargetPython.of("3.10")), 1), "the extra facts");
        assertNotEquals(key, FiringCache.key("kb1", 2, List.of(files.get(0)), hits, extra, 1), "a file's facts");
        assertNotEquals(key, FiringCache.key("kb1", 2, List.of(files.get(1), files.get(0)), hits, extra, 1), "the order of insertion");
        // one fact differing in one field
        List<Object> changed = new ArrayList<>(files.get(1).facts());
        for (int i = 0; i < changed.size(); i++) {
            if (changed.get(i) instanceof asyncdoctor.facts.Function fn) {
                changed.set(i, new asyncdoctor.facts.Function(fn.id(), fn.module(), fn.qname(), fn.name(), fn.async(), fn.className(),
                        fn.decorators(), fn.parent(), fn.lambda(), fn.generator(), fn.line() + 1, fn.endLine()));
            }
        }
        FileFacts moved = new FileFacts(files.get(1).module(), changed, files.get(1).warnings(), files.get(1).lines());
        assertNotEquals(key, FiringCache.key("kb1", 2, List.of(files.get(0), moved), hits, extra, 1), "a line number");
        assertNull(FiringCache.key("kb1", 2, files, hits, List.of(new Object()), 1), "a fact of no cached form: no key");
    }

    /** The phases a run reports, to see whether the rules fired. */
    private static final class Phases implements ProgressListener {
        final List<String> seen = new ArrayList<>();

        @Override
        public void phase(String name) { seen.add(name); }

        boolean reused() { return seen.stream().anyMatch(p -> p.contains("reusing the last firing")); }
    }

    @Test
    void anEditNoRuleSeesReusesTheFiringAndOneItSeesFiresAgain(@TempDir Path tmp) throws Exception {
        // unique names: the test cache folder is shared, and the key is only the facts
        String tag = "h" + UUID.randomUUID().toString().replace("-", "");
        Path svc = tmp.resolve("svc.py");
        Path util = tmp.resolve("util.py");
        Files.writeString(svc, "import time\nimport util\n\nasync def " + tag + "():\n    util.step()\n    time.sleep(1)\n");
        Files.writeString(util, "def step():\n    return 1\n");
        Phases first = new Phases();
        String before = run(tmp, true, first);
        assertFalse(first.reused());

        // a comment, and a function nothing async calls: the sessions receive the same facts
        Files.writeString(svc, Files.readString(svc) + "\n# a comment\n\ndef unused():\n    return util.step()\n");
        Files.writeString(util, Files.readString(util) + "\n\ndef other():\n    return 2\n");
        Phases second = new Phases();
        String after = run(tmp, true, second);
        assertTrue(second.reused(), "phases: " + second.seen);
        assertEquals(run(tmp, false, new Phases()), after, "the same report as a run without caches");
        assertEquals(before, after);

        // a line moved in async code: the rules see it and fire again
        Files.writeString(svc, "# moved\n" + Files.readString(svc));
        Phases third = new Phases();
        String moved = run(tmp, true, third);
        assertFalse(third.reused());
        assertEquals(run(tmp, false, new Phases()), moved);
        assertNotEquals(before, moved);
        assertTrue(moved.contains("\"line\" : 7"), moved);
    }

    @Test
    void aSnapshotRunReusesItsFiringWithItsEvidence(@TempDir Path tmp) throws Exception {
        Path samples = TestSupport.root().resolve("src/test/resources/snapshot-samples");
        Path program = tmp.resolve("blocking_sleep.py");
        Path snapshot = tmp.resolve("blocking_sleep.txt");
        Files.copy(samples.resolve("blocking_sleep.py"), program);
        Files.copy(samples.resolve("blocking_sleep.txt"), snapshot);
        Phases first = new Phases();
        String before = runWithSnapshot(tmp, snapshot, true, first);
        // A comment on the line of the finding: the facts stay the same, so the rules' input too, but
        // the report quotes that line, so the last run's report cannot be taken whole.
        String text = Files.readString(program);
        int at = text.indexOf("time.sleep(0.3)");
        int eol = text.indexOf('\n', at);
        Files.writeString(program, text.substring(0, eol) + "  # blocks" + text.substring(eol));
        Phases second = new Phases();
        String after = runWithSnapshot(tmp, snapshot, true, second);
        assertTrue(second.reused(), "phases: " + second.seen);
        assertEquals(runWithSnapshot(tmp, snapshot, false, new Phases()), after);
        assertEquals(before, after);
        assertTrue(after.contains("\"evidence\" : [ {"), "the runtime evidence is still attached: " + after);
    }

    private static String runWithSnapshot(Path dir, Path snapshot, boolean cache, ProgressListener progress) throws Exception {
        AnalysisRequest req = AnalysisRequest.builder().path(dir).workingDirectory(dir).snapshot(snapshot).cache(cache).progress(progress).build();
        return JsonReport.render(TestSupport.analyzer().analyze(req));
    }

    private static String run(Path dir, boolean cache, ProgressListener progress) throws Exception {
        AnalysisRequest req = AnalysisRequest.builder().path(dir).workingDirectory(dir).cache(cache).progress(progress).build();
        return JsonReport.render(TestSupport.analyzer().analyze(req));
    }
}
