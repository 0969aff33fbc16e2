package asyncdoctor.cache;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the last run learned about each input file (its content digest and whether it has async
 * code), keyed by the file's path, size, modification and change times and inode, as git's index
 * does. A rerun takes the digest of a file whose stamp is unchanged instead of reading and hashing
 * it again: reading and hashing every file of a 7,500-file tree was most of a rerun's time.
 *
 * <p>A file modified within {@link #RACY_MILLIS} of being stamped is not stamped (a second edit
 * in the same clock tick, keeping the size, would otherwise go unseen); it is read again next time.
 * Stored under the cache folder, one file per build and set of analyzed paths; a damaged or missing
 * file means every file is read.
 */
public final class FileStamps {
    private static final int MAGIC = 0xADF57A02;
    static final long RACY_MILLIS = 2000;

    /** A file's identity on disk when it was read. */
    public record Stat(long size, long modified, long changed, long inode) {}

    /**
     * What is known about a file's content: its SHA-256, whether it has async code, and whether it
     * mentions asyncdoctor (only such a file can carry inline suppressions, so only it must be read).
     */
    public record Known(byte[] digest, boolean root, boolean mentionsTool) {}

    private record Stamp(Stat stat, Known known) {}

    private final Path file;
    private final Map<String, Stamp> previous;
    private final Map<String, Stamp> current = new ConcurrentHashMap<>();

    private FileStamps(Path file, Map<String, Stamp> previous) {
        this.file = file;
        this.previous = previous;
    }

    /** The stamps of the last run over the same paths with the same build (empty when none). */
    public static FileStamps load(Path cacheRoot, String buildId, String scope) {
        Path file = perScope(cacheRoot, "stamps", buildId, scope);
        return new FileStamps(file, read(file));
    }

    /** The file's stat, or null when it cannot be read (the caller reads the file and reports why). */
    public static Stat stat(Path p) {
        try {
            Map<String, Object> a = Files.readAttributes(p, "unix:size,lastModifiedTime,ctime,ino");
            return new Stat((Long) a.get("size"), ((java.nio.file.attribute.FileTime) a.get("lastModifiedTime")).toMillis(),
                    ((java.nio.file.attribute.FileTime) a.get("ctime")).toMillis(), ((Number) a.get("ino")).longValue());
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            try {
                BasicFileAttributes b = Files.readAttributes(p, BasicFileAttributes.class);
                Object key = b.fileKey();
                return new Stat(b.size(), b.lastModifiedTime().toMillis(), b.creationTime().toMillis(), key == null ? 0 : key.hashCode());
            } catch (IOException io) {
                return null;
            }
        } catch (IOException | ClassCastException e) {
            return null;
        }
    }

    /** What the last run knew about the file, if its stat is unchanged since then. */
    public Known unchanged(String path, Stat stat) {
        Stamp s = previous.get(path);
        if (s == null || stat == null || !s.stat().equals(stat)) return null;
        current.put(path, s);
        return s.known();
    }

    /** Records what was just learned about a file read with this stat (unless it changed a moment ago). */
    public void learned(String path, Stat stat, Known known) {
        if (stat == null || stat.modified() > System.currentTimeMillis() - RACY_MILLIS) return;
        current.put(path, new Stamp(stat, known));
    }

    /** Writes this run's stamps when they differ from the last run's; failures only cost speed. */
    public void save() {
        if (current.equals(previous)) return;
        try {
            asyncdoctor.util.AtomicFiles.writeData(file, out -> {
                out.writeInt(MAGIC);
                out.writeInt(current.size());
                for (var e : new java.util.TreeMap<>(current).entrySet()) {
                    Stamp s = e.getValue();
                    out.writeUTF(e.getKey());
                    out.writeLong(s.stat().size());
                    out.writeLong(s.stat().modified());
                    out.writeLong(s.stat().changed());
                    out.writeLong(s.stat().inode());
                    out.writeByte(s.known().digest().length);
                    out.write(s.known().digest());
                    out.writeBoolean(s.known().root());
                    out.writeBoolean(s.known().mentionsTool());
                }
            });
        } catch (IOException | RuntimeException e) {
            // the next run reads the files again
        }
    }

    private static Map<String, Stamp> read(Path file) {
        Map<String, Stamp> out = new HashMap<>();
        try {
            // the facts cache's decoder: save() writes with a DataOutputStream, as the facts cache does
            RecordCodec.Reader in = RecordCodec.Reader.open(file, MAGIC);
            if (in == null) return out;
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                String path = in.readUTF();
                Stat stat = new Stat(in.readLong(), in.readLong(), in.readLong(), in.readLong());
                byte[] digest = in.readBytes(in.readUnsignedByte());
                boolean root = in.readBoolean();
                out.put(path, new Stamp(stat, new Known(digest, root, in.readBoolean())));
            }
            return out;
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
    }

    /** The SHA-256 of a file's content: what {@link Known#digest()} holds. */
    public static byte[] sha256(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The cache file of a kind kept once per build and set of analyzed paths (stamps, plans, last
     * runs): {@code <root>/<kind>/<build>/<hash of scope>.<kind>}.
     */
    static Path perScope(Path cacheRoot, String kind, String buildId, String scope) {
        String key = HexFormat.of().formatHex(sha256(scope.getBytes(StandardCharsets.UTF_8))).substring(0, 32);
        return cacheRoot.resolve(kind).resolve(buildId).resolve(key + "." + kind);
    }
}
