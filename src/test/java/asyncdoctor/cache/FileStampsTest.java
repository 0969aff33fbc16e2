package asyncdoctor.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import asyncdoctor.TestSupport;
import asyncdoctor.api.AnalysisRequest;
import asyncdoctor.api.Report;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A rerun reuses what it knew about unchanged files and never what it knew about changed ones. */
class FileStampsTest {
    private static final FileStamps.Known KNOWN = new FileStamps.Known(new byte[] {1, 2, 3}, true, false);

    private static Path oldFile(Path dir, String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        Files.setLastModifiedTime(p, FileTime.from(Instant.now().minus(1, ChronoUnit.HOURS)));
        return p;
    }

    @Test
    void anUnchangedFileIsKnownOnTheNextRun(@TempDir Path tmp) throws Exception {
        Path cache = tmp.resolve("cache");
        Path f = oldFile(tmp, "a.py", "async def f(): pass\n");
        FileStamps first = FileStamps.load(cache, "build", "scope");
        FileStamps.Stat stat = FileStamps.stat(f);
        assertNull(first.unchanged(f.toString(), stat), "nothing known before the first run");
        first.learned(f.toString(), stat, KNOWN);
        first.save();

        FileStamps.Known again = FileStamps.load(cache, "build", "scope").unchanged(f.toString(), FileStamps.stat(f));
        assertNotNull(again);
        assertArrayEquals(KNOWN.digest(), again.digest());
        assertTrue(again.root());
        assertNull(FileStamps.load(cache, "another build", "scope").unchanged(f.toString(), FileStamps.stat(f)));
        assertNull(FileStamps.load(cache, "build", "other paths").unchanged(f.toString(), FileStamps.stat(f)));
    }

    @Test
    void anEditedFileIsNotKnownEvenWithItsSizeAndTimeRestored(@TempDir Path tmp) throws Exception {
        Path cache = tmp.resolve("cache");
        Path f = oldFile(tmp, "a.py", "async def f(): pass\n");
        FileTime mtime = Files.getLastModifiedTime(f);
        FileStamps first = FileStamps.load(cache, "build", "scope");
        first.learned(f.toString(), FileStamps.stat(f), KNOWN);
        first.save();
        Thread.sleep(20);
        Files.writeString(f, "async def g(): pass\n");  // same size
        Files.setLastModifiedTime(f, mtime);              // and the same modification time: the change time differs
        assertNull(FileStamps.load(cache, "build", "scope").unchanged(f.toString(), FileStamps.stat(f)));
    }

    @Test
    void aFileModifiedAMomentAgoIsNotStamped(@TempDir Path tmp) throws Exception {
        Path cache = tmp.resolve("cache");
        Path f = tmp.resolve("a.py");
        Files.writeString(f, "async def f(): pass\n");
        FileStamps first = FileStamps.load(cache, "build", "scope");
        first.learned(f.toString(), FileStamps.stat(f), KNOWN);
        first.save();
        // a second edit in the same clock tick, keeping the size, could not be told apart
        assertNull(FileStamps.load(cache, "build", "scope").unchanged(f.toString(), FileStamps.stat(f)));
    }

    @Test
    void aDamagedStampFileMeansEveryFileIsRead(@TempDir Path tmp) throws Exception {
        Path cache = tmp.resolve("cache");
        Path f = oldFile(tmp, "a.py", "async def f(): pass\n");
        FileStamps first = FileStamps.load(cache, "build", "scope");
        first.learned(f.toString(), FileStamps.stat(f), KNOWN);
        first.save();
        try (var files = Files.walk(cache.resolve("stamps"))) {
            for (Path p : files.filter(Files::isRegularFile).toList()) Files.write(p, new byte[] {1, 2, 3, 4, 5, 6, 7});
        }
        assertNull(FileStamps.load(cache, "build", "scope").unchanged(f.toString(), FileStamps.stat(f)));
    }

    @Test
    void aRerunAfterASameSizeEditWithTheOldTimeSeesTheEdit(@TempDir Path tmp) throws Exception {
        Path src = oldFile(tmp, "svc.py", "import time\n\nasync def handler():\n    time.sleep(1)\n");
        FileTime mtime = Files.getLastModifiedTime(src);
        AnalysisRequest cached = AnalysisRequest.builder().path(src).workingDirectory(tmp).cache(true).build();
        assertEquals(4, TestSupport.analyzer().analyze(cached).findings().get(0).line());
        Thread.sleep(20);
        Files.writeString(src, "import time\nasync def handler():\n    time.sleep(1)\n\n");
        Files.setLastModifiedTime(src, mtime);
        Report edited = TestSupport.analyzer().analyze(cached);
        assertEquals(3, edited.findings().get(0).line(), "the stamp must not hide the edit");
    }
}
