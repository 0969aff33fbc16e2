package asyncdoctor.kb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import asyncdoctor.TestSupport;
import asyncdoctor.api.AnalysisRequest;
import asyncdoctor.api.Analyzer;
import asyncdoctor.api.Report;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A KB read back from the compiled-KB cache finds exactly what a freshly compiled one finds. */
class CompiledKbCacheTest {
    private static Report analyze() throws Exception {
        Analyzer a = new Analyzer(KnowledgeBase.load(TestSupport.kbDir(), "kb"));
        return a.analyze(AnalysisRequest.builder().path(TestSupport.root().resolve("examples/jobs-service"))
                .symptom("the service hangs").cache(false).build());
    }

    @Test
    void compiledThenReadGiveTheSameFindings() throws Exception {
        KnowledgeBase kb = KnowledgeBase.load(TestSupport.kbDir(), "kb");
        Path entry = CompiledKbCache.entry(kb);
        Files.deleteIfExists(entry);
        Report compiled = analyze();
        assertTrue(Files.isRegularFile(entry), "a compile writes the cache entry " + entry);
        Report read = analyze();
        assertFalse(compiled.findings().isEmpty());
        assertEquals(compiled.findings(), read.findings());

        // A damaged entry is ignored, compiled again and replaced.
        Files.write(entry, new byte[] {1, 2, 3});
        Report again = analyze();
        assertEquals(compiled.findings(), again.findings());
        assertTrue(Files.size(entry) > 1000, "the damaged entry was rewritten");
    }

    @Test
    void anEditedKbHasAnotherEntry(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path copy = dir.resolve("kb");
        try (var s = Files.walk(TestSupport.kbDir())) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path t = copy.resolve(TestSupport.kbDir().relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t); else Files.copy(p, t);
            }
        }
        Path drl = copy.resolve("rules/blocking-call/blocking-call.drl");
        Files.writeString(drl, Files.readString(drl) + "\n// an analyst's edit\n");
        assertFalse(CompiledKbCache.entry(KnowledgeBase.load(copy, "kb")).equals(CompiledKbCache.entry(KnowledgeBase.load(TestSupport.kbDir(), "kb"))));
    }
}
