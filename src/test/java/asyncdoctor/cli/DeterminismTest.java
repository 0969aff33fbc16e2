package asyncdoctor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import asyncdoctor.TestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Byte-identical JSON across runs and across thread counts (over the KB's own examples tree). */
class DeterminismTest {
    @Test
    void sameJsonEveryRunAndThreadCount() throws Exception {
        Path tree = TestSupport.kbDir().resolve("rules");
        String first = CliTest.run("check", "--no-cache", "--format", "json", "--threads", "1", tree.toString()).out();
        for (String threads : new String[] {"1", "2", "4"}) {
            String again = CliTest.run("check", "--no-cache", "--format", "json", "--threads", threads, tree.toString()).out();
            assertEquals(first, again, "JSON differs with --threads " + threads);
        }
        assertEquals(true, first.contains("\"findings\""));
        assertEquals(true, Files.isDirectory(tree));
    }
}
