package asyncdoctor.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import asyncdoctor.TestSupport;
import asyncdoctor.api.AnalysisException;
import asyncdoctor.api.AnalysisRequest;
import asyncdoctor.api.Finding;
import asyncdoctor.api.Report;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** [tool.asyncdoctor] in pyproject.toml: every key, discovery from the analyzed path upwards, errors that name key, file and line. */
class ConfigTest {
    static final String FULL = """
            [project]
            name = "svc"
            requires-python = ">=3.9"

            [tool.ruff]
            line-length = 100

            [tool.asyncdoctor]
            target-version = "py311"
            exclude = ["migrations/", "legacy/**"]
            respect-gitignore = false
            disable = ["AD102"]
            blocking-apis = [
              "mycorp.db.query",
              { name = ["mycorp.rpc.Client.*"], kind = "http", severity = "warning", replacement = "mycorp.rpc.AsyncClient", except = ["close"] },
            ]

            [tool.asyncdoctor.severity]
            AD101 = "warning"
            "dangling-task" = "suggestion"
            """;

    @Test
    void everyKeyIsRead(@TempDir Path tmp) throws Exception {
        Path py = tmp.resolve("pyproject.toml");
        Files.writeString(py, FULL);
        Config c = ConfigLoader.load(py);
        assertEquals("3.11", c.targetVersion());
        assertEquals(List.of("migrations/", "legacy/**"), c.exclude());
        assertEquals(Boolean.FALSE, c.respectGitignore());
        assertEquals(List.of("AD102"), c.disable());
        assertEquals(Map.of("AD101", "warning", "dangling-task", "suggestion"), c.severity());
        assertEquals(2, c.blockingApis().size());
        assertEquals(new Config.BlockingApi(List.of("mycorp.rpc.Client.*"), "http", "warning", "mycorp.rpc.AsyncClient", List.of("close")),
                c.blockingApis().get(1));
        assertEquals(py + ":19", c.where("severity.AD101"));
        assertEquals(tmp.toAbsolutePath(), c.baseDir());
    }

    @Test
    void unknownKeysAreErrorsNamingKeyFileAndLine(@TempDir Path tmp) throws IOException {
        Path py = tmp.resolve("pyproject.toml");
        Files.writeString(py, "[tool.asyncdoctor]\ntarget-version = \"py311\"\n\nexlude = [\"x\"]\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(py));
        assertEquals(1, e.messages().size());
        assertTrue(e.messages().get(0).startsWith(py + ":4: unknown key `exlude` in [tool.asyncdoctor]"), e.messages().get(0));

        Files.writeString(py, "[tool.asyncdoctor]\n[[tool.asyncdoctor.blocking-apis]]\nname = \"a.b\"\nseverity = \"fatal\"\nkindd = \"x\"\n");
        e = assertThrows(ConfigException.class, () -> ConfigLoader.load(py));
        assertTrue(e.messages().contains(py + ":4: `blocking-apis[0].severity` must be one of [critical, warning, suggestion], not \"fatal\""), e.messages().toString());
        assertTrue(e.messages().stream().anyMatch(m -> m.startsWith(py + ":5: unknown key `kindd` in `blocking-apis[0]`")), e.messages().toString());

        Files.writeString(py, "[tool.asyncdoctor]\ndisable = 3\ntarget-version = \"python three\"\n");
        e = assertThrows(ConfigException.class, () -> ConfigLoader.load(py));
        assertEquals(2, e.messages().size(), e.messages().toString());

        Files.writeString(py, "[tool.asyncdoctor\ndisable = []\n");
        e = assertThrows(ConfigException.class, () -> ConfigLoader.load(py));
        assertTrue(e.messages().get(0).startsWith(py + ":1: invalid TOML"), e.messages().get(0));
    }

    @Test
    void discoveryFindsTheNearestPyprojectWithTheTable(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("pyproject.toml"), "[tool.asyncdoctor]\ndisable = [\"AD102\"]\n");
        Files.createDirectories(tmp.resolve("svc/app"));
        Files.writeString(tmp.resolve("svc/pyproject.toml"), "[project]\nname = \"svc\"\n"); // no table: keep looking
        Files.writeString(tmp.resolve("svc/app/x.py"), "x = 1\n");
        Config c = ConfigLoader.discover(tmp.resolve("svc/app/x.py"));
        assertEquals(tmp.resolve("pyproject.toml"), c.file());
        Path lone = Files.createDirectories(tmp.resolve("elsewhere"));
        assertNull(ConfigLoader.discover(Path.of("/")));
        // --config FILE may be a plain TOML file with the keys at the top.
        Files.writeString(lone.resolve("asyncdoctor.toml"), "disable = [\"AD101\"]\n");
        assertEquals(List.of("AD101"), ConfigLoader.load(lone.resolve("asyncdoctor.toml")).disable());
    }

    static final String SVC = """
            import time
            import mycorp.db

            async def handler():
                time.sleep(1)
                mycorp.db.query("select 1")
            """;

    @Test
    void theConfigurationShapesTheAnalysis(@TempDir Path tmp) throws Exception {
        Files.createDirectories(tmp.resolve("app/migrations"));
        Files.writeString(tmp.resolve("app/svc.py"), SVC);
        Files.writeString(tmp.resolve("app/migrations/m.py"), SVC);
        Report plain = analyze(tmp, null);
        assertEquals(2, plain.findings().size(), "without configuration: time.sleep in both files: " + plain.findings());

        Files.writeString(tmp.resolve("pyproject.toml"), """
                [tool.asyncdoctor]
                exclude = ["migrations/"]
                blocking-apis = [{ name = "mycorp.db.query", kind = "db", replacement = "mycorp.db.aquery" }]
                [tool.asyncdoctor.severity]
                blocking-call = "warning"
                """);
        Report r = analyze(tmp, null);
        List<String> where = r.findings().stream().map(f -> f.file() + ":" + f.line() + ":" + f.severity()).toList();
        assertEquals(List.of("app/svc.py:5:warning", "app/svc.py:6:warning"), where.stream().sorted().toList());
        Finding db = r.findings().stream().filter(f -> f.line() == 6).findFirst().orElseThrow();
        assertTrue(db.fix().contains("mycorp.db.aquery"), db.fix());

        Files.writeString(tmp.resolve("pyproject.toml"), "[tool.asyncdoctor]\ndisable = [\"blocking-call\"]\n");
        Report none = analyze(tmp, null);
        assertEquals(List.of(), none.findings());
        assertEquals(2, none.filtered().disabled());

        // --config overrides discovery; names that no rule or category has are errors with file and line.
        Path other = tmp.resolve("other.toml");
        Files.writeString(other, "[tool.asyncdoctor]\n\ndisable = [\"AD999\"]\n");
        AnalysisException e = assertThrows(AnalysisException.class, () -> analyze(tmp, other));
        assertTrue(e.messages().get(0).startsWith(other + ":3: `disable` names no rule id, alias or category"), e.messages().toString());
    }

    @Test
    void targetVersionComesFromTheConfigurationUnlessGiven(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("pyproject.toml"), "[project]\nrequires-python = \">=3.9\"\n[tool.asyncdoctor]\ntarget-version = \"3.12\"\n");
        Files.writeString(tmp.resolve("svc.py"), "import time\nasync def h():\n    time.sleep(1)\n");
        Report r = analyze(tmp, null);
        assertEquals(1, r.findings().size());
        // The blocking-call fix is the same for every version; what matters is that a configured target is accepted.
        Report explicit = TestSupport.analyzer().analyze(AnalysisRequest.builder().path(tmp).workingDirectory(tmp).targetVersion("py39").build());
        assertEquals(1, explicit.findings().size());
    }

    static Report analyze(Path dir, Path config) throws AnalysisException {
        return TestSupport.analyzer().analyze(AnalysisRequest.builder().path(dir).workingDirectory(dir).configFile(config).build());
    }
}
