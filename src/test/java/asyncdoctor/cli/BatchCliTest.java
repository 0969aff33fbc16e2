package asyncdoctor.cli;

import static asyncdoctor.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import asyncdoctor.TestSupport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Batch runs from the command line: suppressions, baselines, --fail-on, --exclude, config errors, --kb-extra, the workbench commands. */
class BatchCliTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static List<String> locations(CliTest.Run r) throws IOException {
        List<String> out = new ArrayList<>();
        for (JsonNode f : JSON.readTree(r.out()).get("findings")) out.add(f.get("file").asText() + ":" + f.get("line").asInt());
        return out;
    }

    @Test
    void inlineSuppressionsNameRuleIdsAliasesOrCategories(@TempDir Path tmp) throws IOException {
        Path svc = tmp.resolve("svc.py");
        Files.writeString(svc, """
                import time
                import requests

                async def handler(url):
                    time.sleep(1)  # asyncdoctor: ignore[AD101]
                    time.sleep(2)  # asyncdoctor: ignore[blocking-call]
                    time.sleep(3)  # asyncdoctor: ignore[dangling-task, AD101]
                    time.sleep(4)  # asyncdoctor: ignore[missing-await]
                    requests.get(url)
                """);
        CliTest.Run r = run("check", "--format", "json", svc.toString());
        assertEquals(1, r.code(), r.err());
        List<String> locs = locations(r);
        assertEquals(2, locs.size(), locs.toString());
        assertTrue(locs.get(0).endsWith("svc.py:8") || locs.get(1).endsWith("svc.py:8"), "another category's id silences nothing: " + locs);
        assertTrue(locs.stream().anyMatch(l -> l.endsWith("svc.py:9")), locs.toString());
        // --no-suppressions shows what the comments hide.
        assertEquals(5, locations(run("check", "--format", "json", "--no-suppressions", svc.toString())).size());
    }

    @Test
    void aBareIgnoreIsRejectedWithFileAndLine(@TempDir Path tmp) throws IOException {
        Files.writeString(tmp.resolve("svc.py"), "import time\n\nasync def h():\n    time.sleep(1)  # asyncdoctor: ignore\n");
        CliTest.Run r = run("check", tmp.toString());
        assertEquals(2, r.code(), r.out());
        assertTrue(r.out().contains("svc.py:4: error: `# asyncdoctor: ignore` must name what it silences"), r.out());
        assertTrue(r.out().contains("Location: "), "the finding is still reported: " + r.out());
        CliTest.Run unknown = run("check", "--format", "json", tmp.resolve("svc.py").toString());
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("svc.py:4: error: `# asyncdoctor: ignore`"), unknown.err());
    }

    @Test
    void aBaselineHidesKnownFindingsAcrossLineShiftsAndShowsNewOnes(@TempDir Path tmp) throws IOException {
        Path svc = tmp.resolve("app/svc.py");
        Files.createDirectories(svc.getParent());
        Files.writeString(svc, "import time\n\nasync def h():\n    time.sleep(1)\n    time.sleep(1)\n");
        Path base = tmp.resolve("ci/baseline.json");
        CliTest.Run w = run("check", "--write-baseline", base.toString(), tmp.toString());
        assertEquals(0, w.code(), w.err());
        assertTrue(w.err().contains("wrote 2 findings to the baseline"), w.err());
        JsonNode b = JSON.readTree(Files.readString(base));
        assertEquals("../app/svc.py", b.at("/findings/0/file").asText(), "paths are relative to the baseline's folder");
        assertEquals(List.of(0, 1), List.of(b.at("/findings/0/occurrence").asInt(), b.at("/findings/1/occurrence").asInt()));

        CliTest.Run again = run("check", "--baseline", base.toString(), tmp.toString());
        assertEquals(0, again.code(), again.out());
        assertTrue(again.out().contains("2 in the baseline"), again.out());

        // Lines move, code is re-indented, a comment is added: still known. A third sleep is new.
        Files.writeString(svc, "import time\n# moved\n\n\nasync def h():\n    time.sleep( 1 )  # known\n    time.sleep(1)\n    time.sleep(1)\n    time.sleep(9)\n");
        CliTest.Run shifted = run("check", "--format", "json", "--baseline", base.toString(), tmp.toString());
        assertEquals(1, shifted.code());
        List<String> locs = locations(shifted);
        assertEquals(2, locs.size(), "the third identical sleep and the new one: " + locs);
        assertTrue(locs.stream().anyMatch(l -> l.endsWith(":9")), locs.toString());

        CliTest.Run missing = run("check", "--baseline", tmp.resolve("nope.json").toString(), tmp.toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("nope.json: baseline not found"), missing.err());
    }

    @Test
    void failOnSetsWhichSeveritiesMakeTheExitCodeOne(@TempDir Path tmp) throws IOException {
        Path warn = tmp.resolve("warn.py");
        Files.writeString(warn, "async def h():\n    with open('/etc/hosts') as f:\n        return f.read()\n");
        Path crit = tmp.resolve("crit.py");
        Files.writeString(crit, "import time\nasync def h():\n    time.sleep(1)\n");
        Path clean = tmp.resolve("clean.py");
        Files.writeString(clean, "import asyncio\nasync def h():\n    await asyncio.sleep(1)\n");
        assertEquals(1, run("check", warn.toString()).code(), "default: any finding");
        assertEquals(0, run("check", "--fail-on", "critical", warn.toString()).code());
        assertEquals(1, run("check", "--fail-on", "warning", warn.toString()).code());
        assertEquals(1, run("check", "--fail-on", "suggestion", warn.toString()).code());
        assertEquals(1, run("check", "--fail-on", "critical", crit.toString()).code());
        assertEquals(0, run("check", "--fail-on", "suggestion", clean.toString()).code());
        assertEquals(0, run("check", clean.toString()).code());
        assertEquals(2, run("check", "--fail-on", "fatal", clean.toString()).code());
        assertEquals(2, run("check", tmp.resolve("missing.py").toString()).code(), "a path that does not exist is a usage error");
        assertEquals(1, run("check", "--format", "sarif", crit.toString()).code(), "SARIF output keeps the exit codes");
    }

    @Test
    void excludesAndConfigurationErrorsFromTheCommandLine(@TempDir Path tmp) throws IOException {
        Files.createDirectories(tmp.resolve("gen"));
        Files.writeString(tmp.resolve("gen/x.py"), "import time\nasync def h():\n    time.sleep(1)\n");
        Files.writeString(tmp.resolve("y.py"), "import time\nasync def h():\n    time.sleep(1)\n");
        CliTest.Run r = run("check", "--format", "json", "--exclude", "gen/", "--exclude", "*.txt", tmp.toString());
        assertEquals(1, locations(r).size(), r.out());

        Files.writeString(tmp.resolve("pyproject.toml"), "[tool.asyncdoctor]\nexclude = [\"gen\"]\nfail-fast = true\n");
        CliTest.Run bad = run("check", tmp.toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains(tmp.resolve("pyproject.toml") + ":3: unknown key `fail-fast` in [tool.asyncdoctor]"), bad.err());
        assertEquals(1, run("check", "--no-config", tmp.toString()).code(), "--no-config skips it");
        Path cfg = tmp.resolve("ci.toml");
        Files.writeString(cfg, "exclude = [\"gen\"]\n");
        CliTest.Run viaConfig = run("check", "--format", "json", "--config", cfg.toString(), tmp.toString());
        assertEquals(1, locations(viaConfig).size(), viaConfig.out() + viaConfig.err());
    }

    @Test
    void gitignoreIsHonoredUnlessTheFlagOrTheConfigurationSaysNo(@TempDir Path tmp) throws IOException {
        Files.writeString(tmp.resolve(".gitignore"), "ignored.py\n");
        Files.writeString(tmp.resolve("ignored.py"), "import time\nasync def h():\n    time.sleep(1)\n");
        assertEquals(0, run("check", tmp.toString()).code());
        assertEquals(1, run("check", "--no-gitignore", tmp.toString()).code());
        Files.writeString(tmp.resolve("pyproject.toml"), "[tool.asyncdoctor]\nrespect-gitignore = false\n");
        assertEquals(1, run("check", tmp.toString()).code());
    }

    @Test
    void kbExtraAddsRulesAndCatalogEntriesToTheBuiltInKnowledgeBase(@TempDir Path tmp) throws IOException {
        Path extra = tmp.resolve("team-kb");
        Files.createDirectories(extra.resolve("rules/team-calls"));
        Files.createDirectories(extra.resolve("catalogs"));
        Files.writeString(extra.resolve("catalogs/blocking.yaml"), "entries:\n  - {name: teamlib.fetch_all, kind: http, replacement: teamlib.afetch_all}\n");
        Files.writeString(extra.resolve("rules/team-calls/team-calls.drl"), """
                package team.rules;
                import asyncdoctor.facts.Call;
                global asyncdoctor.engine.Reporter report;
                rule "TM001"
                when
                    $c : Call(resolved == "teamlib.legacy_init")
                then
                    report.finding(kcontext, $c);
                end
                """);
        Files.writeString(extra.resolve("rules/team-calls/team-calls.yaml"), """
                category: team-legacy-init
                rules:
                  - id: TM001
                    name: legacy-init
                    severity: warning
                    precision: high
                    symptoms: [hang]
                    since: 0.1.0
                    summary: teamlib.legacy_init is deprecated.
                    symptom-link: "`{call}` takes a global lock."
                    mechanism: "It blocks."
                    fix: "Use teamlib.init."
                    doc: {what: Reports legacy_init., why: It takes a global lock.}
                """);
        Path src = tmp.resolve("svc.py");
        Files.writeString(src, "import teamlib\n\nasync def h():\n    teamlib.fetch_all()\n    teamlib.legacy_init()\n");
        CliTest.Run base = run("check", "--format", "json", src.toString());
        assertEquals(0, base.code(), base.out());
        CliTest.Run r = run("check", "--format", "json", "--kb-extra", extra.toString(), src.toString());
        assertEquals(1, r.code(), r.err());
        JsonNode fs = JSON.readTree(r.out()).get("findings");
        List<String> got = new ArrayList<>();
        for (JsonNode f : fs) got.add(f.get("rule").asText() + "@" + f.get("line").asInt());
        assertTrue(got.contains("AD101@4") && got.contains("TM001@5"), got.toString());
    }

    @Test
    void kbLintAndKbDocsRunOnAFolder(@TempDir Path tmp) throws IOException {
        CliTest.Run lint = run("kb", "lint", TestSupport.kbDir().toString());
        assertTrue(lint.out().contains("kb lint: "), lint.out());
        assertTrue(lint.code() == 0 || lint.code() == 1, "0 clean, 1 lint errors (KbLintTest insists on 0): " + lint.out());
        CliTest.Run docs = run("kb", "docs", TestSupport.kbDir().toString());
        assertEquals(0, docs.code());
        assertTrue(docs.out().startsWith("# asyncdoctor rules reference") && docs.out().contains("AD101 `blocking-call-in-async`"), docs.out());
        CliTest.Run out = run("kb", "docs", "--out", tmp.resolve("ref").toString());
        assertEquals(0, out.code(), out.err());
        assertTrue(Files.isRegularFile(tmp.resolve("ref/index.md")) && Files.isRegularFile(tmp.resolve("ref/blocking-call.md")));
        assertEquals(2, run("kb", "frobnicate").code());
    }

    @Test
    void thePreCommitHookRunsThisCommandLine() throws IOException {
        Path hooks = TestSupport.root().resolve(".pre-commit-hooks.yaml");
        JsonNode list = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(hooks));
        assertTrue(list.isArray() && list.size() >= 1);
        for (JsonNode h : list) {
            for (String k : new String[] {"id", "name", "entry", "language"}) assertTrue(h.hasNonNull(k), h + " has " + k);
            String[] entry = h.get("entry").asText().split("\\s+");
            assertTrue(Files.isExecutable(TestSupport.root().resolve(entry[0])), "the entry is the launcher script: " + entry[0]);
            assertEquals("check", entry[1]);
            assertEquals("script", h.get("language").asText());
            List<String> args = new ArrayList<>(List.of(entry).subList(1, entry.length));
            h.path("args").forEach(a -> args.add(a.asText()));
            args.add("--help-is-not-an-option-here");
            CliTest.Run r = run(args.toArray(String[]::new));
            assertTrue(r.err().contains("unknown option '--help-is-not-an-option-here'"), "the hook's own options parse: " + r.err());
        }
    }
}
