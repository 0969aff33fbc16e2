package asyncdoctor.input;

import asyncdoctor.extract.Diagnostic;
import asyncdoctor.parse.SourceText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * Collects the files to analyze from files and folders: folders recursively over {@code .py} and
 * Jupyter {@code .ipynb} files, honoring {@code .gitignore} files (nested ones too, and those of the
 * enclosing git work tree above the analyzed folder, plus {@code .git/info/exclude}) and exclude
 * globs; virtual environments, site-packages, build and cache folders are skipped by default. Files
 * named explicitly are analyzed whatever their extension and .gitignore say, but exclude globs still
 * apply to them (so pre-commit, which passes file names, honors the configured excludes).
 *
 * <p>Paths are reported relative to the working directory with '/' separators; the order is sorted,
 * so runs are deterministic.
 */
public final class InputFiles {
    public static final Set<String> SKIPPED_DIRS = Set.of(".git", ".hg", ".svn", "__pycache__", ".venv", "venv",
            ".tox", ".nox", ".mypy_cache", ".pytest_cache", ".ruff_cache", "node_modules", "build", "dist",
            ".eggs", "site-packages", "dist-packages", ".ipynb_checkpoints", "env", ".env", ".direnv",
            "__pypackages__", ".pytype", ".hypothesis", ".pants.d", "buck-out", ".cache");

    /**
     * One input file: its path on disk, the path shown in reports, and its path relative to the
     * folder it was found under (what Python imports see when that folder is on sys.path).
     */
    public record Input(Path path, String display, String rootRelative) {}

    public record Collected(List<Input> files, List<Diagnostic> problems) {}

    /**
     * How to collect: exclude globs (each set anchored at its own folder: the working directory for
     * the command line, the config file's folder for pyproject.toml), and whether .gitignore counts.
     */
    public record Options(List<IgnoreRules> excludes, boolean respectGitignore) {
        public static final Options DEFAULT = new Options(List.of(), true);

        public Options {
            excludes = List.copyOf(excludes);
        }
    }

    private InputFiles() {}

    public static Collected collect(List<Path> roots, Path cwd, InputFilter filter) {
        return collect(roots, cwd, Options.DEFAULT, filter);
    }

    public static Collected collect(List<Path> roots, Path cwd, Options options) {
        return collect(roots, cwd, options, null);
    }

    public static Collected collect(List<Path> roots, Path cwd, Options options, InputFilter filter) {
        Options opts = options == null ? Options.DEFAULT : options;
        TreeMap<String, Input> found = new TreeMap<>();
        List<Diagnostic> problems = new ArrayList<>();
        // Files named one by one (or through --files-from) get module names relative to the folder
        // they share, so `pkg/a.py pkg/sub/b.py` import each other as `a` and `sub.b`.
        Path fileRoot = commonFolderOfFiles(roots);
        for (Path root : roots) {
            Path abs = root.toAbsolutePath().normalize();
            if (!Files.exists(abs, LinkOption.NOFOLLOW_LINKS) && !Files.exists(abs)) {
                problems.add(Diagnostic.error(display(root, cwd), 0, "no such file or folder"));
                continue;
            }
            if (Files.isRegularFile(abs)) {
                String d = display(abs, cwd);
                boolean excluded = false;
                for (IgnoreRules ex : opts.excludes()) excluded |= ex.excludesWithParents(abs, cwd);
                if (!excluded && (filter == null || !filter.excluded(abs, d, false))) {
                    found.put(d, new Input(abs, d, fileRoot == null ? abs.getFileName().toString()
                            : fileRoot.relativize(abs).toString().replace('\\', '/')));
                }
                continue;
            }
            walk(abs, root, cwd, opts, filter, found, problems);
        }
        return new Collected(new ArrayList<>(found.values()), problems);
    }

    private static void walk(Path abs, Path root, Path cwd, Options opts, InputFilter filter, TreeMap<String, Input> found,
                             List<Diagnostic> problems) {
        // .gitignore levels, outermost first: info/exclude and the .gitignore files of the folders
        // between the work tree's top and the analyzed folder, then one per visited folder.
        Deque<Level> levels = new ArrayDeque<>();
        if (opts.respectGitignore()) {
            Path top = workTreeTop(abs);
            if (top != null) {
                IgnoreRules info = IgnoreRules.read(top.resolve(".git/info/exclude"), top);
                if (info != null) levels.push(new Level(top, info));
                List<Path> chain = new ArrayList<>();
                for (Path d = abs.getParent(); d != null && d.startsWith(top); d = d.getParent()) chain.add(0, d);
                for (Path d : chain) {
                    IgnoreRules gi = IgnoreRules.read(d.resolve(".gitignore"), d);
                    if (gi != null) levels.push(new Level(d, gi));
                }
            }
        }
        try {
            Files.walkFileTree(abs, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (!dir.equals(abs)) {
                        String name = dir.getFileName().toString();
                        if (SKIPPED_DIRS.contains(name) || name.endsWith(".egg-info")
                                || Files.isRegularFile(dir.resolve("pyvenv.cfg")) || Files.isDirectory(dir.resolve("conda-meta"))) {
                            return FileVisitResult.SKIP_SUBTREE;
                        }
                        if (ignored(dir, true)) return FileVisitResult.SKIP_SUBTREE;
                        if (filter != null && filter.excluded(dir, display(dir, cwd), true)) return FileVisitResult.SKIP_SUBTREE;
                    }
                    if (opts.respectGitignore()) {
                        IgnoreRules gi = IgnoreRules.read(dir.resolve(".gitignore"), dir);
                        levels.push(new Level(dir, gi));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) {
                    if (opts.respectGitignore() && !levels.isEmpty()) levels.pop();
                    if (e != null) problems.add(Diagnostic.warning(display(dir, cwd), 0, why(e)));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    String name = file.getFileName().toString();
                    if (attrs.isSymbolicLink() && (name.endsWith(".py") || Notebooks.isNotebook(name))) {
                        // Followed links arrive here only when their target is missing.
                        problems.add(Diagnostic.warning(display(file, cwd), 0, "skipped: broken symbolic link"));
                        return FileVisitResult.CONTINUE;
                    }
                    if (attrs.isRegularFile() && (name.endsWith(".py") || Notebooks.isNotebook(name)) && !ignored(file, false)) {
                        String d = display(file, cwd);
                        String rel = abs.relativize(file.toAbsolutePath().normalize()).toString().replace('\\', '/');
                        if (filter == null || !filter.excluded(file, d, false)) found.put(d, new Input(file, d, rel));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    problems.add(Diagnostic.warning(display(file, cwd), 0, why(e)));
                    return FileVisitResult.CONTINUE;
                }

                private boolean ignored(Path p, boolean directory) {
                    for (IgnoreRules ex : opts.excludes()) {
                        if (Boolean.TRUE.equals(ex.check(p, directory, abs))) return true;
                    }
                    // Deepest .gitignore first; the first one with an opinion decides (git's precedence).
                    for (Level l : levels) {
                        if (l.rules() == null) continue;
                        Boolean r = l.rules().check(p, directory, null);
                        if (r != null) return r;
                    }
                    return false;
                }
            });
        } catch (IOException e) {
            problems.add(Diagnostic.error(display(root, cwd), 0, "cannot read: " + e.getMessage()));
        }
    }

    private record Level(Path dir, IgnoreRules rules) {}

    private static String why(IOException e) {
        return e instanceof FileSystemLoopException ? "symbolic link loop; not followed"
                : e instanceof java.nio.file.AccessDeniedException ? "permission denied" : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    /** The top of the git work tree holding {@code dir} (the folder with .git), or null outside one. */
    static Path workTreeTop(Path dir) {
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.exists(d.resolve(".git"))) return d;
        }
        return null;
    }

    /** Reads a file to analyze: Python source (PEP 263 and BOMs honored) or a notebook's code cells. */
    public static SourceText read(Path p) throws IOException, SourceText.Undecodable {
        return decode(p.getFileName().toString(), Files.readAllBytes(p));
    }

    /** Decodes the bytes of a file named {@code name}: a notebook's code cells for .ipynb, else Python source. */
    public static SourceText decode(String name, byte[] bytes) throws SourceText.Undecodable {
        if (Notebooks.isNotebook(name)) return notebook(new String(bytes, StandardCharsets.UTF_8));
        return SourceText.decode(bytes);
    }

    /** An in-memory source: a notebook's JSON when the name ends in .ipynb, else Python text. */
    public static SourceText inline(String name, String text) throws SourceText.Undecodable {
        return Notebooks.isNotebook(name) ? notebook(text) : SourceText.of(text);
    }

    private static SourceText notebook(String json) throws SourceText.Undecodable {
        try {
            return SourceText.of(Notebooks.convert(json).source());
        } catch (Notebooks.NotANotebook e) {
            throw new SourceText.Undecodable(e.getMessage(), 0);
        }
    }

    private static Path commonFolderOfFiles(List<Path> roots) {
        Path common = null;
        int files = 0;
        for (Path r : roots) {
            Path abs = r.toAbsolutePath().normalize();
            if (!Files.isRegularFile(abs) || abs.getParent() == null) continue;
            files++;
            Path dir = abs.getParent();
            if (common == null) common = dir;
            while (common != null && !dir.startsWith(common)) common = common.getParent();
        }
        return files >= 2 ? common : null;
    }

    public static String display(Path p, Path cwd) {
        Path abs = p.toAbsolutePath().normalize();
        Path base = cwd.toAbsolutePath().normalize();
        String s = abs.startsWith(base) ? base.relativize(abs).toString() : abs.toString();
        s = s.replace('\\', '/');
        return s.isEmpty() ? "." : s;
    }
}
