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
 *   <li>{@code # expect: AD102} — the same for one rule (id or alias, matched against the finding's
 *       {@code rule}), so an example can pin which rule of a category fires;</li>
 *   <li>{@code # ok: blocking-call} / {@code # ok: AD102} — no finding of that category / rule may be
 *       reported on this line;</li>
 *   <li>any finding that no {@code expect} names fails the case.</li>
 * </ul>
 * The outcome also tells which rules an example shows firing (positives: a finding of the rule met an
 * {@code expect}) and which rule ids and categories it shows staying quiet (negatives: an {@code ok}
 * that held), for `kb lint`.
 * Used by `asyncdoctor kb test` and by the JUnit suite.
 */
public final class ExampleRunner {
    private static final Pattern ANNOTATION = Pattern.compile("#\\s*(expect|ok)\\s*:\\s*([A-Za-z0-9:,\\- ]+)");

    /** One example case: its name and the sources that make it up. */
    public record Case(String name, Path root, Map<String, String> sources) {}

    /**
     * @param positives rule ids with a finding on an {@code expect} line that names the rule or its category
     * @param negatives rule ids and categories named by an {@code ok} annotation that held
     */
    public record Outcome(Case example, List<String> failures, int expectations, java.util.Set<String> positives,
                          java.util.Set<String> negatives) {
        public Outcome(Case example, List<String> failures, int expectations) {
            this(example, failures, expectations, java.util.Set.of(), java.util.Set.of());
        }

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
                if (Files.isRegularFile(e) && (e.toString().endsWith(".py") || e.toString().endsWith(".ipynb"))) {
                    out.add(new Case(name, dir, Map.of(e.getFileName().toString(), Files.readString(e, StandardCharsets.UTF_8))));
                } else if (Files.isDirectory(e)) {
                    Map<String, String> src = new TreeMap<>();
                    try (Stream<Path> s = Files.walk(e)) {
                        for (Path p : s.filter(p -> p.toString().endsWith(".py") || p.toString().endsWith(".ipynb")).sorted().toList()) {
                            src.put(e.relativize(p).toString().replace('\\', '/'), Files.readString(p, StandardCharsets.UTF_8));
                        }
                    }
                    out.add(new Case(name, e, src));
                }
            }
        }
        return out;
    }

    /**
     * Runtime snapshots an example comes with (rules that read --snapshot data, kb/rules/runtime/):
     * {@code x.snapshot.txt} beside a file case {@code x.py}, or every {@code *.snapshot.txt} in a folder case.
     */
    static List<Path> snapshotsOf(Case c) {
        List<Path> out = new ArrayList<>();
        try {
            if (c.sources().size() == 1 && c.name().endsWith(".py")) {
                String file = c.sources().keySet().iterator().next();
                Path p = c.root().resolve(file.replaceAll("\\.py$", ".snapshot.txt"));
                if (Files.isRegularFile(p)) out.add(p);
            } else if (Files.isDirectory(c.root())) {
                try (Stream<Path> s = Files.list(c.root())) {
                    s.filter(p -> p.getFileName().toString().endsWith(".snapshot.txt")).sorted().forEach(out::add);
                }
            }
        } catch (IOException e) {
            // An example without readable snapshots runs without them.
        }
        return out;
    }

    public static Outcome run(Analyzer analyzer, Case c) {
        List<String> failures = new ArrayList<>();
        AnalysisRequest.Builder b = AnalysisRequest.builder().threads(1);
        c.sources().forEach(b::source);
        snapshotsOf(c).forEach(b::snapshot);
        Report report;
        try {
            report = analyzer.analyze(b.build());
        } catch (AnalysisException | RuntimeException e) {
            return new Outcome(c, List.of("analysis failed: " + e.getMessage()), 0);
        }
        List<Finding> findings = new ArrayList<>(report.findings());
        int expectations = 0;
        Map<String, List<String[]>> expects = new TreeMap<>();
        Map<String, List<String>> oks = new TreeMap<>();
        for (var src : c.sources().entrySet()) {
            String text = src.getValue();
            if (src.getKey().endsWith(".ipynb")) {
                // Annotations are read from the code cells, numbered as findings are: the concatenated source.
                try {
                    text = asyncdoctor.input.Notebooks.convert(text).source();
                } catch (asyncdoctor.input.Notebooks.NotANotebook e) {
                    failures.add(src.getKey() + ": not a notebook: " + e.getMessage());
                    continue;
                }
            }
            String[] lines = text.split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                Matcher m = ANNOTATION.matcher(lines[i]);
                while (m.find()) {
                    String key = src.getKey() + ":" + (i + 1);
                    for (String item : m.group(2).split(",")) {
                        String it = item.trim();
                        if (it.isEmpty()) continue;
                        it = it.split("\\s+")[0]; // words after the id are a reason, not more ids
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
        java.util.Set<String> positives = new java.util.TreeSet<>();
        java.util.Set<String> negatives = new java.util.TreeSet<>();
        for (var e : expects.entrySet()) {
            for (String[] want : e.getValue()) {
                List<Finding> hits = findings.stream().filter(f -> (f.file() + ":" + f.line()).equals(e.getKey())
                        && names(analyzer, want[0], f) && (want.length < 2 || f.severity().equals(want[1]))).toList();
                if (hits.isEmpty()) {
                    String got = findings.stream().filter(f -> (f.file() + ":" + f.line()).equals(e.getKey()))
                            .map(f -> f.category() + ":" + f.severity()).toList().toString();
                    failures.add(e.getKey() + ": expected " + String.join(":", want) + ", got " + got);
                }
                for (Finding f : hits) positives.add(f.rule());
            }
        }
        for (var e : oks.entrySet()) {
            for (String item : e.getValue()) {
                boolean quiet = findings.stream().noneMatch(f -> (f.file() + ":" + f.line()).equals(e.getKey()) && names(analyzer, item, f));
                if (quiet) {
                    var meta = analyzer.knowledgeBase().rule(item);
                    negatives.add(meta != null ? meta.id() : item);
                }
            }
        }
        for (Finding f : findings) {
            String key = f.file() + ":" + f.line();
            boolean expected = expects.getOrDefault(key, List.of()).stream().anyMatch(w -> names(analyzer, w[0], f));
            if (!expected) {
                boolean markedOk = oks.getOrDefault(key, List.of()).stream().anyMatch(o -> names(analyzer, o, f));
                failures.add(key + ": " + (markedOk ? "false alarm on an `ok` line: " : "unexpected finding: ")
                        + f.category() + " (" + f.rule() + ", " + f.severity() + ")");
            }
        }
        return new Outcome(c, failures, expectations, positives, negatives);
    }

    /** Whether an annotation item (a category, or a rule id or alias) names the finding. */
    static boolean names(Analyzer analyzer, String item, Finding f) {
        if (item.equals(f.category()) || item.equals(f.rule())) return true;
        var meta = analyzer.knowledgeBase().rule(item);
        return meta != null && meta.id().equals(f.rule());
    }
}
