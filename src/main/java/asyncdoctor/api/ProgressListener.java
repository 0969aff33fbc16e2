package asyncdoctor.api;

/**
 * Hears how far an analysis has come (for progress indicators on long batch runs). Calls come from
 * the analyzing thread and, for {@link #fileDone}, from the parser threads; implementations must be
 * thread-safe and fast. Every method has an empty default.
 */
public interface ProgressListener {
    /** The files to analyze are collected; parsing starts. */
    default void filesFound(int total) {}

    /** One more file is parsed and lowered into facts ({@code done} of {@code total}). */
    default void fileDone(int done, int total) {}

    /** A later phase starts: "linking", "reasoning", "reporting". */
    default void phase(String name) {}

    /** The analysis is over (also when it failed). */
    default void finished() {}

    /** A listener that ignores everything. */
    ProgressListener NONE = new ProgressListener() {};
}
