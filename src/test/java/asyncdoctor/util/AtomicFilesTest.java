package asyncdoctor.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cache folders keep only their newest entries of a kind; other files are left alone. */
class AtomicFilesTest {
    @Test
    void keepNewestDeletesTheOldestEntriesOfTheKind(@TempDir Path dir) throws Exception {
        for (int i = 0; i < 6; i++) {
            Path p = dir.resolve("e" + i + ".firing");
            AtomicFiles.write(p, new byte[] {(byte) i});
            Files.setLastModifiedTime(p, FileTime.fromMillis(1_000_000L * (i + 1)));
        }
        AtomicFiles.write(dir.resolve("old.other"), new byte[] {1});
        Files.setLastModifiedTime(dir.resolve("old.other"), FileTime.fromMillis(1));
        AtomicFiles.keepNewest(dir, ".firing", 4);
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of("e2.firing", "e3.firing", "e4.firing", "e5.firing", "old.other"),
                    s.map(p -> p.getFileName().toString()).sorted().toList());
        }
        AtomicFiles.keepNewest(dir, ".firing", 4);
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(5, s.count(), "nothing more to delete");
        }
    }

    /** Per-scope entries (last runs): one scope's pruning leaves the others' entries alone. */
    @Test
    void keepNewestWithAPrefixPrunesOnlyThatScope(@TempDir Path dir) throws Exception {
        for (String scope : List.of("a", "b")) {
            for (int i = 0; i < 3; i++) {
                Path p = dir.resolve(scope + "-" + i + ".run");
                AtomicFiles.write(p, new byte[] {(byte) i});
                Files.setLastModifiedTime(p, FileTime.fromMillis(1_000_000L * (i + 1)));
            }
        }
        AtomicFiles.keepNewest(dir, "a-", ".run", 1);
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of("a-2.run", "b-0.run", "b-1.run", "b-2.run"), s.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }
}
