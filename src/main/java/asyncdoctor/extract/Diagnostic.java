package asyncdoctor.extract;

/** A warning or error about an input: always names the file and, where known, the line. */
public record Diagnostic(String level, String file, int line, String message) {
    public static Diagnostic warning(String file, int line, String message) { return new Diagnostic("warning", file, line, message); }
    public static Diagnostic error(String file, int line, String message) { return new Diagnostic("error", file, line, message); }

    @Override
    public String toString() {
        return file + (line > 0 ? ":" + line : "") + ": " + level + ": " + message;
    }
}
