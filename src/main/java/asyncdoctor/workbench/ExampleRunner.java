package asyncdoctor.workbench;

import asyncdoctor.api.AnalysisException;
import asyncdoctor.api.AnalysisRequest;
import asyncdoctor.api.Analyzer;
import asyncdoctor.api.Finding;
import asyncdoctor.api.Report;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs the annotated Python examples beside the rules (kb/rules/<family>/examples/). A file is one
 * case; a sub-folder is one multi-module case analyzed as a tree. On a line:
 * <ul>
 *   <li>{@code # expect: blocking-call} — a finding of that category must be reported on this line
 *       ({@code blocking-call:warning} also checks the severity);</li>
 *   <li>{@code # ok: blocking-call} — no finding of that category may be reported on this line;</li>
 *   <li>any finding that no {@code expect} names fails the case.</li>
 * </ul>
 * Used by `asyncdoctor kb test` and by the JUnit suite.
 */
public final class ExampleRunner {
    private static final Pattern ANNOTATION = Pattern.compile("#\\s*(expect|ok)\\s*:\\s*([a-z0-9:,\\- ]+)");

    /** One example case: its name and the sources that make it up. */
    public record Case(String name, Path root, Map<String, String> sources) {}

    public record Outcome(Case example, List<String> failures, int expectations) {
        public boolean passed() { return failures.isEmpty(); }
    }

    private ExampleRunner() {}

    public static List<Case> cases(Path kbDir) throws IOException {
        List<Case> out = new ArrayList<>();
        Path rules = kbDir.resolve("rules");
        if (!Files.isDirectory(rules)) return out;
        List<Path> exampleDirs;
        try (Stream<Path> s = Files.walk(rules)) {
            exampleDirs = s.filter(p -> Files.isDirectory(p) && p.getFileName().toString().equals("examples")).sorted().toList();
        }
        for (Path dir : exampleDirs) {
            List<Path> entries;
            try (Stream<Path> s = Files.list(dir)) {
                entries = s.sorted().toList();
            }
            for (Path e : entries) {
                String name = kbDir.relativize(e).toString().replace('\\', '/');
                if (Files.isRegularFile(e) && e.toString().endsWith(".py")) {
                    out.add(new Case(name, dir, Map.of(e.getFileName().toString(), Files.readString(e, StandardCharsets.UTF_8))));
                } else if (Files.isDirectory(e)) {
                    Map<String, String> src = new TreeMap<>();
                    try (Stream<Path> s = Files.walk(e)) {
                        for (Path p : s.filter(p -> p.toString().endsWith(".py")).sorted().toList()) {
                            src.put(e.relativize(p).toString().replace('\\', '/'), Files.readString(p, StandardCharsets.UTF_8));
                        }
                    }
                    out.add(new Case(name, e, src));
                }
            }
        }
        return out;
    }

    public static Outcome run(Analyzer analyzer, Case c) {
        List<String> failures = new ArrayList<>();
        AnalysisRequest.Builder b = AnalysisRequest.builder().threads(1);
        c.sources().forEach(b::source);
        Report report;
        try {
            report = analyzer.analyze(b.build());
        } catch (AnalysisException e) {
            return new Outcome(c, List.of("analysis failed: " + e.getMessage()), 0);
        }
        List<Finding> findings = new ArrayList<>(report.findings());
        int expectations = 0;
        Map<String, List<String[]>> expects = new TreeMap<>();
        Map<String, List<String>> oks = new TreeMap<>();
        for (var src : c.sources().entrySet()) {
            String[] lines = src.getValue().split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                Matcher m = ANNOTATION.matcher(lines[i]);
                while (m.find()) {
                    String key = src.getKey() + ":" + (i + 1);
                    for (String item : m.group(2).split(",")) {
                        String it = item.trim();
                        if (it.isEmpty()) continue;
                        if (m.group(1).equals("expect")) {
                            expects.computeIfAbsent(key, k -> new ArrayList<>()).add(it.split(":"));
                            expectations++;
                        } else {
                            oks.computeIfAbsent(key, k -> new ArrayList<>()).add(it);
                            expectations++;
                        }
                    }
                }
            }
        }
        for (var e : expects.entrySet()) {
            for (String[] want : e.getValue()) {
                boolean hit = findings.stream().anyMatch(f -> (f.file() + ":" + f.line()).equals(e.getKey())
                        && f.category().equals(want[0]) && (want.length < 2 || f.severity().equals(want[1])));
                if (!hit) {
                    String got = findings.stream().filter(f -> (f.file() + ":" + f.line()).equals(e.getKey()))
                            .map(f -> f.category() + ":" + f.severity()).toList().toString();
                    failures.add(e.getKey() + ": expected " + String.join(":", want) + ", got " + got);
                }
            }
        }
        for (Finding f : findings) {
            String key = f.file() + ":" + f.line();
            boolean expected = expects.getOrDefault(key, List.of()).stream().anyMatch(w -> w[0].equals(f.category()));
            if (!expected) {
                boolean markedOk = oks.getOrDefault(key, List.of()).contains(f.category());
                failures.add(key + ": " + (markedOk ? "false alarm on an `ok` line: " : "unexpected finding: ")
                        + f.category() + " (" + f.rule() + ", " + f.severity() + ")");
            }
        }
        return new Outcome(c, failures, expectations);
    }
}
