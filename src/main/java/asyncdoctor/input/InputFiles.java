package asyncdoctor.input;

import asyncdoctor.extract.Diagnostic;
import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * Collects the Python files to analyze from files and folders (recursive over .py), skipping
 * virtual environments, site-packages, build and cache folders. Paths are reported relative to the
 * working directory with '/' separators; the order is sorted, so runs are deterministic.
 */
public final class InputFiles {
    public static final Set<String> SKIPPED_DIRS = Set.of(".git", ".hg", ".svn", "__pycache__", ".venv", "venv",
            ".tox", ".nox", ".mypy_cache", ".pytest_cache", ".ruff_cache", "node_modules", "build", "dist",
            ".eggs", "site-packages", ".ipynb_checkpoints", "env", ".env");

    /**
     * One input file: its path on disk, the path shown in reports, and its path relative to the
     * folder it was found under (what Python imports see when that folder is on sys.path).
     */
    public record Input(Path path, String display, String rootRelative) {}

    public record Collected(List<Input> files, List<Diagnostic> problems) {}

    private InputFiles() {}

    public static Collected collect(List<Path> roots, Path cwd, InputFilter filter) {
        TreeMap<String, Input> found = new TreeMap<>();
        List<Diagnostic> problems = new ArrayList<>();
        for (Path root : roots) {
            Path abs = root.toAbsolutePath().normalize();
            if (!Files.exists(abs, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !Files.exists(abs)) {
                problems.add(Diagnostic.error(display(root, cwd), 0, "no such file or folder"));
                continue;
            }
            if (Files.isRegularFile(abs)) {
                String d = display(abs, cwd);
                if (filter == null || !filter.excluded(abs, d, false)) found.put(d, new Input(abs, d, abs.getFileName().toString()));
                continue;
            }
            try {
                Files.walkFileTree(abs, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                        if (!dir.equals(abs)) {
                            String name = dir.getFileName().toString();
                            if (SKIPPED_DIRS.contains(name) || Files.isRegularFile(dir.resolve("pyvenv.cfg"))) return FileVisitResult.SKIP_SUBTREE;
                            if (filter != null && filter.excluded(dir, display(dir, cwd), true)) return FileVisitResult.SKIP_SUBTREE;
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                        String name = file.getFileName().toString();
                        if (attrs.isRegularFile() && name.endsWith(".py")) {
                            String d = display(file, cwd);
                            String rel = abs.relativize(file.toAbsolutePath().normalize()).toString().replace('\\', '/');
                            if (filter == null || !filter.excluded(file, d, false)) found.put(d, new Input(file, d, rel));
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) {
                        String why = e instanceof FileSystemLoopException ? "symbolic link loop; not followed"
                                : e instanceof java.nio.file.AccessDeniedException ? "permission denied" : e.getClass().getSimpleName() + ": " + e.getMessage();
                        problems.add(Diagnostic.warning(display(file, cwd), 0, why));
                        return FileVisitResult.CONTINUE;
                    }
                });
            } catch (IOException e) {
                problems.add(Diagnostic.error(display(root, cwd), 0, "cannot read: " + e.getMessage()));
            }
        }
        return new Collected(new ArrayList<>(found.values()), problems);
    }

    public static String display(Path p, Path cwd) {
        Path abs = p.toAbsolutePath().normalize();
        Path base = cwd.toAbsolutePath().normalize();
        String s = abs.startsWith(base) ? base.relativize(abs).toString() : abs.toString();
        s = s.replace('\\', '/');
        return s.isEmpty() ? "." : s;
    }
}
