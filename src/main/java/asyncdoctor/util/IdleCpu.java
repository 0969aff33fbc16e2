package asyncdoctor.util;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * Lets a background thread run only on otherwise idle cores, by raising its own nice value (Linux
 * keeps one per thread). The compiled-KB read is such work: it is needed only when the rules fire,
 * and beside the parse workers it slowed parsing down by as much as it took, while the serial phases
 * between parse rounds (frontier walks, linking) leave a core idle for longer than the read needs.
 * Best effort: elsewhere, or when the C library lacks the calls, the thread keeps its priority.
 * Raising a nice value needs no privilege; it cannot be lowered again without one, so only threads
 * that are done when their task is done should call this.
 */
public final class IdleCpu {
    private static final int PRIO_PROCESS = 0;
    private static final int LOWEST = 19;
    private static final MethodHandle[] CALLS = lookup();

    private IdleCpu() {}

    private static MethodHandle[] lookup() {
        if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) return null;
        if ("off".equals(System.getProperty("asyncdoctor.idlecpu"))) return null;
        try {
            Linker linker = Linker.nativeLinker();
            SymbolLookup libc = linker.defaultLookup();
            Optional<MemorySegment> gettid = libc.find("gettid");
            Optional<MemorySegment> setpriority = libc.find("setpriority");
            if (gettid.isEmpty() || setpriority.isEmpty()) return null;
            return new MethodHandle[] {
                linker.downcallHandle(gettid.get(), FunctionDescriptor.of(ValueLayout.JAVA_INT)),
                linker.downcallHandle(setpriority.get(),
                        FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT)),
            };
        } catch (RuntimeException | LinkageError e) {
            return null; // no native access granted, or no such calls: run at normal priority
        }
    }

    /** Gives the calling thread the lowest CPU priority; returns whether it could. */
    public static boolean lowerCurrentThread() {
        if (CALLS == null) return false;
        try {
            int tid = (int) CALLS[0].invokeExact();
            return (int) CALLS[1].invokeExact(PRIO_PROCESS, tid, LOWEST) == 0;
        } catch (Throwable t) {
            return false;
        }
    }
}
