package asyncdoctor.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import asyncdoctor.extract.Extraction;
import asyncdoctor.extract.FileFacts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Facts read back from the cache equal the facts extracted, and a damaged entry is a miss, not an error. */
class FactsCacheTest {
    // Non-ASCII names and text take the decoder's slow path; the syntax error gives a warning to store.
    private static final String SOURCE = """
            import asyncio, time
            from pkg.mod import helper as hëlper

            class Cliënt(Base, other.Mixin):
                async def fetch(self, url="naïve ☃"):
                    async with self.lock:
                        await asyncio.sleep(0)
                    asyncio.create_task(hëlper(url))
                    time.sleep(1)

            def broken(:
                pass
            """;

    private static FileFacts extracted() {
        Extraction.Outcome o = Extraction.run(List.of(), Map.of("svc/app.py", SOURCE), 1);
        assertEquals(1, o.files().size());
        return o.files().get(0);
    }

    @Test
    void readsBackWhatItStored(@TempDir Path tmp) {
        FileFacts ff = extracted();
        assertTrue(ff.facts().size() > 10 && !ff.warnings().isEmpty(), "a varied file: " + ff.facts().size() + " facts");
        byte[] content = SOURCE.getBytes(StandardCharsets.UTF_8);
        new FactsCache(tmp, "test-build", Map.of()).slot("svc/app.py", "svc.app", content).put(ff);

        FileFacts back = new FactsCache(tmp, "test-build", Map.of()).slot("svc/app.py", "svc.app", content).get();
        assertNotNull(back);
        assertEquals(ff.facts(), back.facts());
        assertEquals(ff.warnings(), back.warnings());
        assertEquals(ff.lines(), back.lines());
        assertEquals(ff.module(), back.module());
        // another build, or other content, never reads this entry
        assertNull(new FactsCache(tmp, "other-build", Map.of()).slot("svc/app.py", "svc.app", content).get());
        assertNull(new FactsCache(tmp, "test-build", Map.of()).slot("svc/app.py", "svc.app", "x = 1\n".getBytes(StandardCharsets.UTF_8)).get());
    }

    @Test
    void aTruncatedOrGarbledEntryIsAMiss(@TempDir Path tmp) throws Exception {
        byte[] content = SOURCE.getBytes(StandardCharsets.UTF_8);
        FactsCache cache = new FactsCache(tmp, "test-build", Map.of());
        cache.slot("svc/app.py", "svc.app", content).put(extracted());
        Path entry;
        try (Stream<Path> s = Files.walk(tmp)) {
            entry = s.filter(p -> p.toString().endsWith(".facts")).findFirst().orElseThrow();
        }
        byte[] whole = Files.readAllBytes(entry);
        for (int cut : new int[] {0, 3, 9, whole.length / 2, whole.length - 1}) {
            Files.write(entry, java.util.Arrays.copyOf(whole, cut));
            assertNull(cache.slot("svc/app.py", "svc.app", content).get(), "cut at " + cut);
        }
        byte[] garbled = whole.clone();
        for (int i = 8; i < garbled.length; i += 7) garbled[i] = (byte) 0xff;
        Files.write(entry, garbled);
        assertNull(cache.slot("svc/app.py", "svc.app", content).get());
    }
}
