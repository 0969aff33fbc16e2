package asyncdoctor.util;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes cache files so that another run reading them at the same time sees the old content or the
 * new, never a part: the content goes to a temporary file in the same folder, which is then moved
 * over the target.
 */
public final class AtomicFiles {
    /** Writes the content to the temporary path it is given. */
    public interface Content {
        void writeTo(Path tmp) throws IOException;
    }

    private AtomicFiles() {}

    /** Writes a data stream (the caches' binary files); they are small enough to build in memory first. */
    public interface Data {
        void writeTo(java.io.DataOutputStream out) throws IOException;
    }

    public static void writeData(Path target, Data data) throws IOException {
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream(1 << 16);
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(new java.io.BufferedOutputStream(buf, 1 << 16))) {
            data.writeTo(out);
        }
        write(target, buf.toByteArray());
    }

    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, tmp -> Files.write(tmp, bytes));
    }

    public static void write(Path target, Content content) throws IOException {
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), ".write", ".tmp");
        try {
            content.writeTo(tmp);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Deletes all but the {@code keep} most recently written files of the folder whose names end with
     * {@code suffix}: caches with one entry per state of a tree or KB would otherwise only grow.
     */
    public static void keepNewest(Path dir, String suffix, int keep) throws IOException {
        keepNewest(dir, "", suffix, keep);
    }

    /** As {@link #keepNewest(Path, String, int)}, for the files whose names also start with {@code prefix}. */
    public static void keepNewest(Path dir, String prefix, String suffix, int keep) throws IOException {
        java.util.List<Path> entries;
        try (java.util.stream.Stream<Path> s = Files.list(dir)) {
            entries = new java.util.ArrayList<>(s.filter(p -> {
                String name = p.getFileName().toString();
                return name.startsWith(prefix) && name.endsWith(suffix);
            }).toList());
        }
        if (entries.size() <= keep) return;
        java.util.Map<Path, Long> written = new java.util.HashMap<>();
        for (Path p : entries) {
            try {
                written.put(p, Files.getLastModifiedTime(p).toMillis());
            } catch (IOException e) {
                written.put(p, 0L); // gone already, or unreadable: first to go
            }
        }
        entries.sort(java.util.Comparator.comparing((Path p) -> written.get(p)).reversed().thenComparing(Path::toString));
        for (Path old : entries.subList(keep, entries.size())) Files.deleteIfExists(old);
    }
}
