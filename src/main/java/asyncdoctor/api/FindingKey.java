package asyncdoctor.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What identifies a finding across edits that move it: its rule, its file, the code of its line
 * (whitespace removed, trailing comment dropped) and its occurrence index among findings of the same
 * rule on identical lines of that file. Line numbers are not part of it, so inserting or deleting lines
 * above a finding does not make it new. Baselines store it; SARIF's partialFingerprints carry its hash.
 */
public record FindingKey(String rule, String file, String text, int occurrence) {
    /** A stable hash of the key (hex), e.g. for SARIF partialFingerprints. */
    public String fingerprint() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update((rule + "\u0000" + file + "\u0000" + text + "\u0000" + occurrence).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest()).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same key with another file path (baselines store paths relative to their own folder). */
    public FindingKey withFile(String f) { return new FindingKey(rule, f, text, occurrence); }

    /** Drops all whitespace, so re-indenting or reformatting a line (black, ruff format) keeps its key. */
    public static String normalize(String code) {
        return code == null ? "" : code.replaceAll("\\s+", "");
    }
}
