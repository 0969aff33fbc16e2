package asyncdoctor.cache;

import asyncdoctor.api.Report;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

/**
 * Whole reports of earlier runs, keyed by everything that decides a report: the tool build, the
 * knowledge base's content, the request's options, and the path and content of every input file.
 * A rerun with nothing changed is answered from here without parsing or firing rules.
 */
public final class ResultCache {
    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private final Path dir;

    public ResultCache(Path root, String buildId) {
        this.dir = root.resolve("results").resolve(buildId);
    }

    /** Builds a key from labelled parts; each part is length-prefixed so parts cannot run together. */
    public static final class Key {
        private final MessageDigest md;

        public Key() {
            try {
                md = MessageDigest.getInstance("SHA-256");
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        public Key add(String label, String value) {
            part(label.getBytes(StandardCharsets.UTF_8));
            part(value == null ? new byte[] {0} : ("=" + value).getBytes(StandardCharsets.UTF_8));
            return this;
        }

        public Key add(String label, byte[] content) {
            part(label.getBytes(StandardCharsets.UTF_8));
            part(content);
            return this;
        }

        public Key add(String label, List<String> values) {
            add(label, String.valueOf(values.size()));
            for (String v : values) add(label, v);
            return this;
        }

        private void part(byte[] b) {
            int n = b.length;
            md.update(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
            md.update(b);
        }

        public String digest() { return HexFormat.of().formatHex(md.digest()).substring(0, 40); }
    }

    public Report get(String key) {
        Path p = dir.resolve(key + ".json");
        if (!Files.isRegularFile(p)) return null;
        try {
            return JSON.readValue(p.toFile(), Report.class);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    public void put(String key, Report report) {
        try {
            asyncdoctor.util.AtomicFiles.write(dir.resolve(key + ".json"), tmp -> JSON.writeValue(tmp.toFile(), report));
        } catch (IOException | RuntimeException e) {
            // Only speed is lost.
        }
    }
}
