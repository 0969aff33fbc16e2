package asyncdoctor.engine;

import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Text helpers for rules, imported in DRL with {@code import function asyncdoctor.engine.KbText.matches;}.
 * {@code s.matches(re)} compiles the expression on every call, and rules evaluate it once per fact;
 * these keep each compiled expression.
 */
public final class KbText {
    private static final ConcurrentHashMap<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

    private KbText() {}

    private static Pattern pattern(String regex) {
        return PATTERNS.computeIfAbsent(regex, Pattern::compile);
    }

    /** Whether the whole of {@code s} matches {@code regex} (false for null). */
    public static boolean matches(String s, String regex) {
        return s != null && pattern(regex).matcher(s).matches();
    }

    /** {@code s.replaceAll(regex, replacement)} with the compiled expression kept. */
    public static String replaceAll(String s, String regex, String replacement) {
        return pattern(regex).matcher(s).replaceAll(replacement);
    }

    /** {@code s.split(regex, limit)} with the compiled expression kept. */
    public static String[] split(String s, String regex, int limit) {
        return pattern(regex).split(s, limit);
    }
}
