package asyncdoctor.cli;

import asyncdoctor.api.ProgressListener;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A one-line progress indicator on stderr for long runs: "asyncdoctor: 2113 of 7486 files parsed",
 * then the later phases; redrawn in place a few times a second and erased at the end. It appears only
 * when stderr is a terminal and the run takes longer than half a second, so piped and CI output stay
 * clean.
 */
final class Progress implements ProgressListener {
    private static final long DELAY_MS = 500;
    private static final long TICK_MS = 200;

    private final PrintStream err;
    private final long start = System.nanoTime();
    private volatile int found = -1;
    private volatile int parsed;
    private volatile String phase = "collecting files";
    private volatile boolean drawn;
    private volatile boolean stopped;
    private final Thread ticker;
    private int spin;

    Progress(PrintStream err) {
        this.err = err;
        ticker = new Thread(this::tick, "asyncdoctor-progress");
        ticker.setDaemon(true);
        ticker.start();
    }

    /**
     * Whether stderr is a terminal: -Dasyncdoctor.progress=always|never decides when set; else the
     * launcher's -Dasyncdoctor.stderr.tty (it tests `[ -t 2 ]`); else /proc/self/fd/2 on Linux; else
     * whether the JVM has an interactive console.
     */
    static boolean stderrIsTerminal() {
        String forced = System.getProperty("asyncdoctor.progress");
        if ("always".equals(forced)) return true;
        if ("never".equals(forced)) return false;
        String launcher = System.getProperty("asyncdoctor.stderr.tty");
        if (launcher != null) return launcher.equals("true") || launcher.equals("1");
        try {
            Path fd = Path.of("/proc/self/fd/2");
            if (Files.exists(fd, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                String target = Files.readSymbolicLink(fd).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
            }
        } catch (Exception e) {
            // fall through
        }
        java.io.Console c = System.console();
        return c != null && c.isTerminal();
    }

    @Override
    public void filesFound(int total) {
        found = total;
        phase = "parsing";
    }

    @Override
    public void fileDone(int done, int total) {
        parsed = done;
    }

    @Override
    public void phase(String name) {
        phase = name;
    }

    @Override
    public void finished() {
        stop();
    }

    synchronized void stop() {
        if (stopped) return;
        stopped = true;
        ticker.interrupt();
        if (drawn) {
            err.print("\r\033[K");
            err.flush();
        }
    }

    private void tick() {
        try {
            while (!stopped) {
                Thread.sleep(TICK_MS);
                if ((System.nanoTime() - start) / 1_000_000 >= DELAY_MS) draw();
            }
        } catch (InterruptedException e) {
            // stopped
        }
    }

    private synchronized void draw() {
        if (stopped) return;
        String s = "|/-\\".charAt(spin++ % 4) + " asyncdoctor: ";
        int f = found;
        if (f < 0) s += "collecting files";
        else if (phase.equals("parsing")) s += parsed + " files parsed (" + f + " found)";
        else s += f + " files, " + parsed + " parsed; " + phase;
        long secs = (System.nanoTime() - start) / 1_000_000_000L;
        s += "  " + secs + "s";
        err.print("\r\033[K" + s);
        err.flush();
        drawn = true;
    }
}
