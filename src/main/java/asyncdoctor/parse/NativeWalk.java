package asyncdoctor.parse;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.ByteOrder;
import java.util.Optional;

/**
 * The one-call parse and tree walk of src/main/c/syntax_walk.c, present only in the tree-sitter core
 * compiled at build time. One instance per thread, like the tree-sitter parser it owns.
 */
final class NativeWalk implements AutoCloseable {
    static final int STRIDE = 6;
    static final int NAMED = 1, ERROR = 2, MISSING = 4, TREE_HAS_ERROR = 8;
    private static final ValueLayout.OfChar UTF16LE = ValueLayout.JAVA_CHAR_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private static volatile Handles handles;
    private static volatile boolean probed;

    private record Handles(MethodHandle parserNew, MethodHandle parserDelete, MethodHandle parseWalk,
                           MethodHandle free, MemorySegment language) {}

    /** Whether the loaded core carries the walk (it is the compiled one, not the prebuilt fallback). */
    static boolean available() {
        if (!probed) {
            synchronized (NativeWalk.class) {
                if (!probed) {
                    handles = lookup();
                    probed = true;
                }
            }
        }
        return handles != null;
    }

    private static Handles lookup() {
        if ("java".equals(System.getProperty("asyncdoctor.treesitter.walk"))) return null;
        SymbolLookup core = NativeLibraries.core();
        Optional<MemorySegment> walk = core.find("ad_parse_walk");
        if (walk.isEmpty()) return null;
        Linker linker = Linker.nativeLinker();
        MethodHandle grammar = linker.downcallHandle(NativeLibraries.python().find("tree_sitter_python").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.ADDRESS));
        MemorySegment language;
        try {
            language = (MemorySegment) grammar.invokeExact();
        } catch (Throwable t) {
            return null;
        }
        return new Handles(
                linker.downcallHandle(core.find("ad_parser_new").orElseThrow(), FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS)),
                linker.downcallHandle(core.find("ad_parser_delete").orElseThrow(), FunctionDescriptor.ofVoid(ValueLayout.ADDRESS)),
                linker.downcallHandle(walk.get(), FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                        ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.ADDRESS)),
                linker.downcallHandle(core.find("ad_free").orElseThrow(), FunctionDescriptor.ofVoid(ValueLayout.ADDRESS)),
                language);
    }

    private final Handles h = handles;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment parser;
    private final MemorySegment out = arena.allocate(ValueLayout.ADDRESS);
    private MemorySegment text = MemorySegment.NULL;

    NativeWalk() {
        try {
            parser = (MemorySegment) h.parserNew().invokeExact(h.language());
        } catch (Throwable t) {
            throw new IllegalStateException("tree-sitter parser: " + t, t);
        }
        if (parser.equals(MemorySegment.NULL)) throw new IllegalStateException("tree-sitter rejected the Python grammar");
    }

    /** The pre-order node records of `source`, or null when tree-sitter gave no tree. */
    int[] parse(String source) {
        long bytes = 2L * source.length();
        if (bytes > Integer.MAX_VALUE / 2) return null; // int offsets of the records would overflow: use the Java walk
        if (text.byteSize() < bytes) text = arena.allocate(Math.max(bytes, 1 << 16));
        // One bulk copy of the UTF-16 chars (toCharArray) into the reused native buffer.
        MemorySegment.copy(source.toCharArray(), 0, text, UTF16LE, 0, source.length());
        int n;
        try {
            n = (int) h.parseWalk().invokeExact(parser, text, (int) bytes, out);
        } catch (Throwable t) {
            throw new IllegalStateException("tree-sitter walk: " + t, t);
        }
        if (n < 0) return null;
        MemorySegment buf = out.get(ValueLayout.ADDRESS, 0);
        try {
            return buf.reinterpret((long) n * STRIDE * Integer.BYTES).toArray(ValueLayout.JAVA_INT);
        } finally {
            try {
                h.free().invokeExact(buf);
            } catch (Throwable t) {
                throw new IllegalStateException("tree-sitter free: " + t, t);
            }
        }
    }

    @Override
    public void close() {
        try {
            h.parserDelete().invokeExact(parser);
        } catch (Throwable t) {
            throw new IllegalStateException("tree-sitter parser delete: " + t, t);
        }
        arena.close();
    }
}
