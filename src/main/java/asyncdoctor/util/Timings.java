package asyncdoctor.util;

/**
 * Phase timings on stderr when -Dasyncdoctor.timings=true (or ASYNCDOCTOR_TIMINGS=1): where a run's
 * wall time goes, for the benchmark and for anyone profiling a slow repository.
 */
public final class Timings {
    private static final boolean ON = Boolean.getBoolean("asyncdoctor.timings") || "1".equals(System.getenv("ASYNCDOCTOR_TIMINGS"));
    private static final long START = System.nanoTime();

    private Timings() {}

    public static boolean on() { return ON; }

    public static long now() { return System.nanoTime(); }

    public static void phase(String name, long since) {
        if (!ON) return;
        System.err.printf("timing: %-28s %7.0f ms (at %7.0f ms)%n", name, (System.nanoTime() - since) / 1e6, (System.nanoTime() - START) / 1e6);
    }

    public static void note(String text) {
        if (ON) System.err.println("timing: " + text);
    }
}
