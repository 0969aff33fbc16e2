package asyncdoctor.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class IdleCpuTest {
    /** The nice value of the calling thread, from /proc (field 19 of its stat line). */
    private static int niceOfCurrentThread() throws Exception {
        String stat = Files.readString(Path.of("/proc/thread-self/stat"));
        // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
        String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(rest[16]);
    }

    @Test
    void lowersOnlyTheCallingThread() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/thread-self/stat")), "Linux only");
        int before = niceOfCurrentThread();
        AtomicInteger seen = new AtomicInteger(Integer.MIN_VALUE);
        AtomicReference<Boolean> lowered = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                lowered.set(IdleCpu.lowerCurrentThread());
                seen.set(niceOfCurrentThread());
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        t.start();
        t.join();
        if (failure.get() != null) throw new AssertionError(failure.get());
        assertTrue(lowered.get(), "setpriority failed");
        assertEquals(19, seen.get());
        assertEquals(before, niceOfCurrentThread(), "the caller of the test keeps its priority");
    }
}
