package asyncdoctor.cache;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The last full run over a set of paths, for reruns after edits that leave every file's facts as they
 * were (a comment, a blank line, a docstring's words). It keeps what decided the report besides the
 * files' contents (the settings: KB, options, configuration, file list), each file's content digest,
 * the line count of each file it parsed, every source line the report's texts, suppressions and
 * finding keys read, and the result cache's key of its report. A damaged or missing entry (or
 * report) means a full run.
 *
 * <p>Entries are kept per build and set of analyzed paths, like {@link PlanCache}, and by the key of
 * their report, a few per set of paths ({@link #KEEP}); a small pointer file names the current one.
 * A full run makes its own entry current, and so does a rerun answered from the result cache with
 * that report ({@link #resume}): after switching branches back, or undoing an edit, the next edit is
 * compared with the tree as it is, not with the last tree a full run saw.
 *
 * <p>Whether a rerun may answer with it is decided by the analyzer (see
 * {@code Analyzer.sameFactsAsLastRun}): the settings are the same, and each changed file either was
 * not parsed and still has no async code, or has the same facts as before and the same text on every
 * line the report read from it.
 */
public final class LastRun {
    private static final int MAGIC = 0xADF1A503;
    private static final int POINTER_MAGIC = 0xADF1A5F0;
    /** Entries kept per build and set of analyzed paths (each about 120 bytes per file of the tree). */
    static final int KEEP = 4;

    /**
     * A file as the run saw it: its content digest, whether it has async code and mentions asyncdoctor
     * (inline suppressions), and its lines when parsed (else -1).
     */
    public record FileState(byte[] digest, boolean root, boolean mentionsTool, int parsedLines) {
        public boolean parsed() { return parsedLines >= 0; }

        public boolean sameContent(byte[] other) { return Arrays.equals(digest, other); }
    }

    /**
     * @param settings every part of the result cache's key but the files' contents
     * @param files    by display
     * @param reads    the source lines the report read: display, then line number, then text
     * @param report   the report's key in the {@link ResultCache} (the run stored it there)
     */
    public record Entry(String settings, Map<String, FileState> files, Map<String, Map<Integer, String>> reads, String report) {}

    /** Names the current entry by its report's key. */
    private final Path pointer;

    public LastRun(Path cacheRoot, String buildId, String scope) {
        this.pointer = FileStamps.perScope(cacheRoot, "last-runs", buildId, scope);
    }

    private Path entryFor(String reportKey) {
        return pointer.resolveSibling(pointer.getFileName() + "-" + reportKey + ".run");
    }

    /** The report key of the current entry, or null. */
    private String current() {
        try {
            RecordCodec.Reader in = RecordCodec.Reader.open(pointer, POINTER_MAGIC);
            return in == null ? null : in.readUTF();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private void point(String reportKey) throws IOException {
        asyncdoctor.util.AtomicFiles.writeData(pointer, out -> {
            out.writeInt(POINTER_MAGIC);
            out.writeUTF(reportKey);
        });
    }

    /**
     * After a rerun answered from the result cache with this report: its full run's entry, when it is
     * still kept, becomes the current one again (and counts as new when the oldest are pruned).
     */
    public void resume(String reportKey) {
        try {
            Path entry = entryFor(reportKey);
            if (!reportKey.equals(current()) && java.nio.file.Files.isRegularFile(entry)) {
                java.nio.file.Files.setLastModifiedTime(entry, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()));
                point(reportKey);
            }
        } catch (IOException | RuntimeException e) {
            // the next rerun after an edit compares with the entry that was current
        }
    }

    public Entry load() {
        try {
            String key = current();
            if (key == null) return null;
            RecordCodec.Reader in = RecordCodec.Reader.open(entryFor(key), MAGIC);
            if (in == null) return null;
            String settings = in.readUTF();
            String report = in.readUTF();
            if (!report.equals(key)) return null;
            int n = in.readInt();
            Map<String, FileState> files = new HashMap<>(Math.min(n, 1 << 20) * 2);
            for (int i = 0; i < n; i++) {
                String display = in.readUTF();
                byte[] digest = in.readBytes(in.readUnsignedByte());
                boolean root = in.readBoolean();
                boolean mentionsTool = in.readBoolean();
                files.put(display, new FileState(digest, root, mentionsTool, in.readInt()));
            }
            int nr = in.readInt();
            Map<String, Map<Integer, String>> reads = new HashMap<>();
            for (int i = 0; i < nr; i++) {
                String display = in.readUTF();
                int lines = in.readInt();
                Map<Integer, String> byLine = new HashMap<>();
                for (int j = 0; j < lines; j++) {
                    int line = in.readInt();
                    byLine.put(line, new String(in.readBytes(in.readInt()), StandardCharsets.UTF_8));
                }
                reads.put(display, byLine);
            }
            return new Entry(settings, files, reads, report);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Keeps a full run's entry and makes it the current one. */
    public void save(Entry e) {
        try {
            asyncdoctor.util.AtomicFiles.writeData(entryFor(e.report()), out -> {
                out.writeInt(MAGIC);
                out.writeUTF(e.settings());
                out.writeUTF(e.report());
                out.writeInt(e.files().size());
                for (var f : new TreeMap<>(e.files()).entrySet()) {
                    out.writeUTF(f.getKey());
                    out.writeByte(f.getValue().digest().length);
                    out.write(f.getValue().digest());
                    out.writeBoolean(f.getValue().root());
                    out.writeBoolean(f.getValue().mentionsTool());
                    out.writeInt(f.getValue().parsedLines());
                }
                out.writeInt(e.reads().size());
                for (var r : new TreeMap<>(e.reads()).entrySet()) {
                    out.writeUTF(r.getKey());
                    out.writeInt(r.getValue().size());
                    for (var l : new TreeMap<>(r.getValue()).entrySet()) {
                        byte[] text = l.getValue().getBytes(StandardCharsets.UTF_8);
                        out.writeInt(l.getKey());
                        out.writeInt(text.length);
                        out.write(text);
                    }
                }
            });
            point(e.report());
            asyncdoctor.util.AtomicFiles.keepNewest(pointer.getParent(), pointer.getFileName() + "-", ".run", KEEP);
        } catch (IOException | RuntimeException x) {
            // the next rerun after an edit runs in full
        }
    }
}
