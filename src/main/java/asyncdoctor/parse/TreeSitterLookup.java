package asyncdoctor.parse;

import io.github.treesitter.jtreesitter.NativeLibraryLookup;
import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;

/** Registered as a jtreesitter service so that its bindings find the core we ship. */
public final class TreeSitterLookup implements NativeLibraryLookup {
    @Override
    public SymbolLookup get(Arena arena) {
        return NativeLibraries.core();
    }
}
