package asyncdoctor.parse;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Finds the tree-sitter core and Python grammar libraries inside the jars on the class path, copies
 * them once into the user's cache (keyed by content hash, so concurrent runs never see a half-written
 * file) and opens them. Users never set LD_LIBRARY_PATH.
 *
 * <p>Preference: the libraries compiled with gcc -O2 at build time ({@code native/<os>-<arch>/},
 * src/build/native-core.sh), else the prebuilt ones of io.github.bonede:tree-sitter and
 * io.github.bonede:tree-sitter-python ({@code lib/<arch>-<os>-tree-sitter[-python].*}), each on its
 * own. {@code -Dasyncdoctor.treesitter.core=prebuilt} / {@code .grammar=prebuilt} force the fallbacks.
 */
public final class NativeLibraries {
    private static final Arena GLOBAL = Arena.global();
    private static volatile SymbolLookup core;
    private static volatile String coreSource;
    private static volatile SymbolLookup python;
    private static volatile String pythonSource;

    private NativeLibraries() {}

    static String os() {
        String n = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        if (n.contains("mac") || n.contains("darwin")) return "macos";
        if (n.contains("win")) return "windows";
        return "linux";
    }

    static String arch() {
        String a = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        return (a.equals("amd64") || a.equals("x86_64")) ? "x86_64" : (a.equals("aarch64") || a.equals("arm64")) ? "aarch64" : a;
    }

    private static String ext() {
        return switch (os()) { case "macos" -> "dylib"; case "windows" -> "dll"; default -> "so"; };
    }

    private static String bonedeName(String lib) {
        String os = os();
        String triple = switch (os) { case "linux" -> arch() + "-linux-gnu"; default -> arch() + "-" + os; };
        return "lib/" + triple + "-" + lib + "." + ext();
    }

    /** The tree-sitter core, for jtreesitter's NativeLibraryLookup service. */
    public static SymbolLookup core() {
        if (core == null) {
            synchronized (NativeLibraries.class) {
                if (core == null) {
                    String forced = System.getProperty("asyncdoctor.treesitter.core", System.getenv("ASYNCDOCTOR_TREESITTER_CORE"));
                    Path p = null;
                    if (!"prebuilt".equals(forced)) { p = extract(compiledName("tree-sitter")); coreSource = p == null ? null : "compiled -O2"; }
                    if (p == null) { p = extract(bonedeName("tree-sitter")); coreSource = "prebuilt (io.github.bonede)"; }
                    if (p == null) throw new IllegalStateException("no tree-sitter core library for " + os() + "-" + arch() + " on the class path");
                    core = SymbolLookup.libraryLookup(p, GLOBAL);
                }
            }
        }
        return core;
    }

    /** Which core was loaded, for `--version`. */
    public static String coreSource() { core(); return coreSource; }

    /** Which grammar library was loaded, for `--version`. */
    public static String grammarSource() { python(); return pythonSource; }

    private static String compiledName(String lib) {
        return "native/" + os() + "-" + arch() + "/" + (os().equals("windows") ? lib + ".dll" : "lib" + lib + "." + ext());
    }

    /** The tree-sitter-python grammar. */
    public static SymbolLookup python() {
        if (python == null) {
            synchronized (NativeLibraries.class) {
                if (python == null) {
                    String forced = System.getProperty("asyncdoctor.treesitter.grammar", System.getenv("ASYNCDOCTOR_TREESITTER_GRAMMAR"));
                    Path p = null;
                    if (!"prebuilt".equals(forced)) { p = extract(compiledName("tree-sitter-python")); pythonSource = p == null ? null : "compiled -O2"; }
                    if (p == null) { p = extract(bonedeName("tree-sitter-python")); pythonSource = "prebuilt (io.github.bonede)"; }
                    if (p == null) throw new IllegalStateException("no tree-sitter-python library for " + os() + "-" + arch() + " on the class path");
                    python = SymbolLookup.libraryLookup(p, GLOBAL);
                }
            }
        }
        return python;
    }

    /** The prebuilt grammar whatever else was loaded (a test compares it with the compiled one). */
    static SymbolLookup prebuiltPython() {
        Path p = extract(bonedeName("tree-sitter-python"));
        return p == null ? null : SymbolLookup.libraryLookup(p, GLOBAL);
    }

    private static Path extract(String resource) {
        try (InputStream in = NativeLibraries.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) return null;
            byte[] bytes = in.readAllBytes();
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 16);
            Path dir = cacheRoot().resolve("native").resolve(hash);
            Path target = dir.resolve(resource.substring(resource.lastIndexOf('/') + 1));
            if (Files.isRegularFile(target) && Files.size(target) == bytes.length) return target;
            asyncdoctor.util.AtomicFiles.write(target, bytes);
            return target;
        } catch (IOException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot unpack native library " + resource + ": " + e.getMessage(), e);
        }
    }

    /** $XDG_CACHE_HOME/asyncdoctor or ~/.cache/asyncdoctor; never inside the analyzed tree. */
    public static Path cacheRoot() {
        String override = System.getProperty("asyncdoctor.cache.dir", System.getenv("ASYNCDOCTOR_CACHE_DIR"));
        if (override != null && !override.isBlank()) return Path.of(override);
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = (xdg != null && !xdg.isBlank()) ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("asyncdoctor");
    }
}
