package asyncdoctor.cache;

import asyncdoctor.engine.Engine;
import asyncdoctor.extract.FileFacts;
import asyncdoctor.facts.Call;
import asyncdoctor.facts.CatalogHit;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the rules reported for a session of facts, keyed by those facts. Firing is a function of the
 * compiled knowledge base and of what goes into the sessions: the facts of the async scope (after
 * linking), the catalog hits of their calls and the extra facts (symptom, target version). When an
 * edit leaves all of that as it was (a comment, a function nothing async reaches, a file outside the
 * async scope) the next run takes the last firing's result instead of firing again. The findings'
 * texts, suppressions and baseline are still applied to the new sources.
 *
 * <p>A result holding a value the cache has no form for (a type declared in DRL, say) is not kept.
 */
public final class FiringCache {
    private static final int MAGIC = 0xADF12E01;
    /** Entries kept: one per recent state of the tree and KB; older ones are deleted. */
    private static final int KEEP = 32;
    private final Path dir;

    public FiringCache(Path root, String buildId) {
        this.dir = root.resolve("firings").resolve(buildId);
    }

    /**
     * The key of a firing: the KB's content and rule groups, then every session file's facts in the
     * order the engine inserts them, each Call followed by its catalog hits, then the extra facts.
     * Files are encoded on up to {@code threads} threads. Null when a fact has no cached form.
     */
    public static String key(String kbHash, int ruleGroups, List<FileFacts> session, Map<String, List<CatalogHit>> hits,
                             List<Object> extraFacts, int threads) {
        try {
            List<byte[]> digests = asyncdoctor.util.Parallel.map(session, threads, ff -> {
                try {
                    return digestOf(ff.facts(), hits);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            ResultCache.Key key = new ResultCache.Key().add("kb", kbHash).add("groups", String.valueOf(ruleGroups));
            for (byte[] d : digests) key.add("file", d);
            key.add("extra", digestOf(extraFacts, Map.of()));
            return key.digest();
        } catch (IOException | RuntimeException e) {
            return null; // a fact of no cached form, or any other failure: fire without the cache
        }
    }

    private static byte[] digestOf(List<Object> facts, Map<String, List<CatalogHit>> hits) throws IOException {
        com.dynatrace.hash4j.hashing.HashStream128 h = com.dynatrace.hash4j.hashing.Hashing.xxh3_128().hashStream();
        ValueCodec.Writer w = new ValueCodec.Writer(ValueCodec.toHash(h));
        h.putInt(facts.size());
        for (Object f : facts) {
            w.write(f);
            if (f instanceof Call c) w.write(hits.getOrDefault(c.id(), List.of()));
        }
        return h.get().toByteArray();
    }

    /** The result fired for this key by an earlier run; null when there is none or it cannot be read. */
    public Engine.Result get(String key) {
        try {
            RecordCodec.Reader in = RecordCodec.Reader.open(dir.resolve(key + ".firing"), MAGIC);
            return in == null ? null : (Engine.Result) new ValueCodec.Reader(in).read();
        } catch (IOException | RuntimeException e) {
            return null; // damaged or from another shape of the classes: fire again
        }
    }

    public void put(String key, Engine.Result result) {
        try {
            // Encoded in memory first: a result with a value of no cached form leaves no file behind.
            ByteArrayOutputStream buf = new ByteArrayOutputStream(1 << 16);
            try (DataOutputStream out = new DataOutputStream(buf)) {
                out.writeInt(MAGIC);
                new ValueCodec.Writer(ValueCodec.toData(out)).write(result);
            }
            asyncdoctor.util.AtomicFiles.write(dir.resolve(key + ".firing"), buf.toByteArray());
            asyncdoctor.util.AtomicFiles.keepNewest(dir, ".firing", KEEP);
        } catch (IOException | RuntimeException e) {
            // Only speed is lost.
        }
    }
}
