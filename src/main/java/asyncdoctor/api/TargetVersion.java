package asyncdoctor.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Python version fixes must run on: --target-version, else the lowest version allowed by
 * `requires-python` in the nearest pyproject.toml above the analyzed path, else 3.9.
 */
public final class TargetVersion {
    public static final String DEFAULT = "3.9";
    private static final Pattern REQUIRES = Pattern.compile("(?m)^\\s*requires-python\\s*=\\s*[\"']([^\"']*)[\"']");
    private static final Pattern LOWER = Pattern.compile("(>=|~=|==|>)\\s*(\\d+)\\.(\\d+)");

    private TargetVersion() {}

    /** "py311" or "3.11" -> "3.11"; null when not a version. */
    public static String normalize(String v) {
        if (v == null) return null;
        Matcher m = Pattern.compile("^(?:py)?(\\d)\\.?(\\d{1,2})$").matcher(v.trim());
        return m.matches() ? m.group(1) + "." + Integer.parseInt(m.group(2)) : null;
    }

    public static String resolve(String explicit, Path start) {
        if (explicit != null) {
            String n = normalize(explicit);
            if (n != null) return n;
        }
        for (Path d = start == null ? null : start.toAbsolutePath(); d != null; d = d.getParent()) {
            Path py = d.resolve("pyproject.toml");
            if (Files.isRegularFile(py)) {
                try {
                    Matcher m = REQUIRES.matcher(Files.readString(py));
                    if (m.find()) {
                        Matcher lo = LOWER.matcher(m.group(1));
                        if (lo.find()) {
                            int minor = Integer.parseInt(lo.group(3)) + (lo.group(1).equals(">") ? 1 : 0);
                            return lo.group(2) + "." + minor;
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // An unreadable pyproject says nothing about the version.
                }
                break;
            }
        }
        return DEFAULT;
    }
}
