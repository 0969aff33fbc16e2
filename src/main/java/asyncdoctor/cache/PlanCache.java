package asyncdoctor.cache;

import asyncdoctor.extract.Planner;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The planner's last plan of a tree (which files it parsed, see {@link Planner.Memory}), stored under
 * the cache folder, one file per build and set of analyzed paths, like {@link FileStamps}. Content
 * digests come from this run's read of the files (the result key's). A damaged or missing file means
 * the planner plans again.
 */
public final class PlanCache implements Planner.Memory {
    private static final int MAGIC = 0xADF1A401;
    private final Path file;
    private final Map<String, FileStamps.Known> known;

    public PlanCache(Path cacheRoot, String buildId, String scope, Map<String, FileStamps.Known> known) {
        this.file = FileStamps.perScope(cacheRoot, "plans", buildId, scope);
        this.known = known;
    }

    @Override
    public byte[] digest(String display) {
        FileStamps.Known k = known.get(display);
        return k == null ? null : k.digest();
    }

    @Override
    public Planner.Remembered recall() {
        try {
            RecordCodec.Reader in = RecordCodec.Reader.open(file, MAGIC);
            if (in == null) return null;
            String inputs = in.readUTF();
            int rounds = in.readInt();
            int n = in.readInt();
            List<Planner.Parsed> parsed = new ArrayList<>(Math.min(n, 1 << 16));
            for (int i = 0; i < n; i++) {
                String display = in.readUTF();
                byte[] digest = in.readBytes(in.readUnsignedByte());
                parsed.add(new Planner.Parsed(display, digest, in.readBytes(in.readUnsignedByte())));
            }
            return new Planner.Remembered(inputs, rounds, parsed);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public void remember(Planner.Remembered plan) {
        try {
            asyncdoctor.util.AtomicFiles.writeData(file, out -> {
                out.writeInt(MAGIC);
                out.writeUTF(plan.inputs());
                out.writeInt(plan.rounds());
                out.writeInt(plan.parsed().size());
                for (Planner.Parsed p : plan.parsed()) {
                    out.writeUTF(p.display());
                    out.writeByte(p.digest().length);
                    out.write(p.digest());
                    out.writeByte(p.shape().length);
                    out.write(p.shape());
                }
            });
        } catch (IOException | RuntimeException e) {
            // the next run plans again
        }
    }
}
