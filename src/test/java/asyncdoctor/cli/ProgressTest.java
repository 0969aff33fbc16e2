package asyncdoctor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import asyncdoctor.TestSupport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The progress line: drawn in place on a terminal for runs longer than half a second, erased at the end; silent otherwise. */
class ProgressTest {
    @Test
    void aLongRunDrawsOneLineInPlaceAndErasesIt() throws InterruptedException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        Progress p = new Progress(new PrintStream(buf, true, StandardCharsets.UTF_8));
        p.filesFound(7634);
        for (int i = 1; i <= 40; i++) p.fileDone(i, 7634);
        Thread.sleep(900);
        p.phase("reasoning");
        Thread.sleep(400);
        p.finished();
        String s = buf.toString(StandardCharsets.UTF_8);
        assertTrue(s.contains("asyncdoctor: 40 files parsed (7634 found)"), s);
        assertTrue(s.contains("7634 files, 40 parsed; reasoning"), s);
        assertTrue(s.endsWith("\r\033[K"), "the line is erased at the end");
        assertFalse(s.contains("\n"), "never more than one line");
    }

    @Test
    void aShortRunDrawsNothing() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        Progress p = new Progress(new PrintStream(buf, true, StandardCharsets.UTF_8));
        p.filesFound(3);
        p.finished();
        assertEquals("", buf.toString(StandardCharsets.UTF_8));
    }

    @Test
    void terminalDetectionCanBeForcedAndTheLauncherDecides() {
        String saved = System.getProperty("asyncdoctor.progress");
        String tty = System.getProperty("asyncdoctor.stderr.tty");
        try {
            System.setProperty("asyncdoctor.progress", "always");
            assertTrue(Progress.stderrIsTerminal());
            System.setProperty("asyncdoctor.progress", "never");
            assertFalse(Progress.stderrIsTerminal());
            System.clearProperty("asyncdoctor.progress");
            System.setProperty("asyncdoctor.stderr.tty", "false");
            assertFalse(Progress.stderrIsTerminal(), "the launcher's [ -t 2 ] wins");
        } finally {
            if (saved == null) System.clearProperty("asyncdoctor.progress"); else System.setProperty("asyncdoctor.progress", saved);
            if (tty == null) System.clearProperty("asyncdoctor.stderr.tty"); else System.setProperty("asyncdoctor.stderr.tty", tty);
        }
        // Under Maven stderr is a pipe: a real check run in-process writes nothing to stderr.
        CliTest.Run r = CliTest.run("check", TestSupport.root().resolve("examples/jobs-service").toString());
        assertEquals("", r.err());
    }
}
