package asyncdoctor.cache;

import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Identifies the build of the tool, so cached facts and results from another build are never used:
 * the content hash of the running jar (or, when run from classes, of the facts schema and version).
 */
public final class BuildId {
    private static volatile String id;

    private BuildId() {}

    public static String get() {
        if (id == null) {
            synchronized (BuildId.class) {
                if (id == null) id = compute();
            }
        }
        return id;
    }

    private static String compute() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            URL src = BuildId.class.getProtectionDomain().getCodeSource().getLocation();
            Path p = Path.of(src.toURI());
            if (Files.isRegularFile(p)) {
                md.update(Files.readAllBytes(p));
            } else {
                md.update(String.valueOf(System.getProperty("java.class.path")).getBytes());
                for (String r : new String[] {"facts-schema/schema.yaml", "facts-schema/code.yaml", "facts-schema/derived.yaml", "facts-schema/snapshot.yaml"}) {
                    try (InputStream in = BuildId.class.getClassLoader().getResourceAsStream(r)) {
                        if (in != null) md.update(in.readAllBytes());
                    }
                }
                // Classes folders change without a jar: include the newest class file time.
                try (var s = Files.walk(p)) {
                    md.update(Long.toString(s.filter(Files::isRegularFile).mapToLong(f -> f.toFile().lastModified()).max().orElse(0)).getBytes());
                }
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 16);
        } catch (Exception e) {
            return "dev";
        }
    }
}
