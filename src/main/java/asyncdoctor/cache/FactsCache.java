package asyncdoctor.cache;

import asyncdoctor.extract.Diagnostic;
import asyncdoctor.extract.Extraction;
import asyncdoctor.extract.FileFacts;
import asyncdoctor.facts.Module;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The facts of each file, stored under the user's cache folder (never in the analyzed tree) and keyed
 * by the file's content, its path and module name, and the build of the tool (a new build, with
 * possibly other facts, never reads an old entry). A corrupt or unreadable entry is a miss.
 */
public final class FactsCache implements Extraction.Cache {
    private static final int MAGIC = 0xADFAC701;
    private final Path dir;
    private final String build;

    /** What this run already knows about files' contents, by display (see FileStamps). */
    private final Map<String, FileStamps.Known> known;

    public FactsCache(Path root, String buildId, Map<String, FileStamps.Known> known) {
        this.build = buildId;
        this.dir = root.resolve("facts").resolve(buildId);
        this.known = known;
    }

    /** The entry of a file: by build, display, module name and the SHA-256 of its content. */
    private Path entry(String display, String moduleName, byte[] contentDigest) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(build.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(display.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(moduleName.getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            md.update(contentDigest);
            String h = HexFormat.of().formatHex(md.digest());
            return dir.resolve(h.substring(0, 2)).resolve(h.substring(2, 40) + ".facts");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public FileFacts known(String display, String moduleName) {
        FileStamps.Known k = known.get(display);
        return k == null ? null : read(entry(display, moduleName, k.digest()));
    }

    /** The facts stored for an earlier content of a file (by that content's digest); null when there are none. */
    public FileFacts earlier(String display, String moduleName, byte[] contentDigest) {
        return read(entry(display, moduleName, contentDigest));
    }

    @Override
    public boolean mustRead(String display) {
        FileStamps.Known k = known.get(display);
        return k == null || k.mentionsTool();
    }

    @Override
    public Slot slot(String display, String moduleName, byte[] content) {
        // Hashed from the bytes just read, not taken from the result key's read: a file changed in
        // between must not store its new facts under its old content's key.
        Path p = entry(display, moduleName, FileStamps.sha256(content));
        return new Slot() {
            @Override public FileFacts get() { return read(p); }

            @Override public void put(FileFacts facts) { write(p, facts); }
        };
    }

    private static FileFacts read(Path p) {
        try {
            RecordCodec.Reader r = RecordCodec.Reader.open(p, MAGIC);
            if (r == null) return null;
            int lines = r.readInt();
            int nw = r.readInt();
            List<Diagnostic> warnings = new ArrayList<>(Math.min(nw, 1024));
            for (int i = 0; i < nw; i++) warnings.add((Diagnostic) r.read());
            int nf = r.readInt();
            List<Object> facts = new ArrayList<>(Math.min(nf, 1 << 16));
            for (int i = 0; i < nf; i++) facts.add(r.read());
            if (facts.isEmpty() || !(facts.get(0) instanceof Module m)) return null;
            return new FileFacts(m, facts, warnings, lines);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static void write(Path p, FileFacts ff) {
        try {
            asyncdoctor.util.AtomicFiles.writeData(p, out -> {
                out.writeInt(MAGIC);
                out.writeInt(ff.lines());
                RecordCodec.Writer w = new RecordCodec.Writer(out);
                out.writeInt(ff.warnings().size());
                for (Diagnostic d : ff.warnings()) w.write(d);
                out.writeInt(ff.facts().size());
                for (Object f : ff.facts()) w.write(f);
            });
        } catch (IOException | RuntimeException e) {
            // A cache that cannot be written only costs speed.
        }
    }
}
