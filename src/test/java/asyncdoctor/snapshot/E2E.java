package asyncdoctor.snapshot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** Helpers for tests that run real CPython interpreters (pyenv versions, or pythonX.Y on PATH). */
final class E2E {
    private E2E() {}

    /** The interpreter for "3.11": pyenv's newest 3.11.x, else python3.11 on PATH; empty when missing. */
    static Optional<Path> python(String version) {
        List<Path> roots = new ArrayList<>();
        String env = System.getenv("PYENV_ROOT");
        if (env != null) roots.add(Path.of(env));
        String out = run(List.of("pyenv", "root"));
        if (out != null && !out.isBlank()) roots.add(Path.of(out.strip()));
        roots.add(Path.of(System.getProperty("user.home"), ".pyenv"));
        for (Path root : roots) {
            Path versions = root.resolve("versions");
            if (!Files.isDirectory(versions)) continue;
            try (Stream<Path> s = Files.list(versions)) {
                Optional<Path> best = s.filter(p -> p.getFileName().toString().matches(java.util.regex.Pattern.quote(version) + "\\.\\d+"))
                        .max(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString().substring(version.length() + 1))))
                        .map(p -> p.resolve("bin/python" + version))
                        .filter(Files::isExecutable);
                if (best.isPresent()) return best;
            } catch (IOException | RuntimeException e) {
                // try the next root
            }
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, "python" + version);
            if (Files.isExecutable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }

    private static String run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8) : null;
        } catch (IOException | InterruptedException e) {
            return null;
        }
    }

    /** Waits until the file's text satisfies `ready` (polling), up to `millis`; returns the text. */
    static String awaitText(Path file, Predicate<String> ready, long millis) throws InterruptedException {
        long end = System.nanoTime() + millis * 1_000_000L;
        String text = "";
        while (System.nanoTime() < end) {
            try {
                text = Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
            } catch (IOException e) {
                text = "";
            }
            if (ready.test(text)) return text;
            Thread.sleep(50);
        }
        return text;
    }

    /** Sends a signal with kill(1); false when it could not. */
    static boolean signal(Process p, String signal) {
        try {
            Process k = new ProcessBuilder("kill", "-" + signal, String.valueOf(p.pid())).redirectErrorStream(true).start();
            return k.waitFor(5, TimeUnit.SECONDS) && k.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            // best effort
        }
    }
}
