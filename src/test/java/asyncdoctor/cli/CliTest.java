package asyncdoctor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import asyncdoctor.TestSupport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line in-process: exit codes, error messages that name file and line, JSON shape. */
class CliTest {
    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String saved = System.getProperty("asyncdoctor.kb");
        System.setProperty("asyncdoctor.kb", TestSupport.kbDir().toString());
        try {
            int code = new Main(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            if (saved == null) System.clearProperty("asyncdoctor.kb"); else System.setProperty("asyncdoctor.kb", saved);
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t);
                else Files.copy(p, t);
            }
        }
    }

    @Test
    void drlSyntaxErrorNamesTheAnalystsFileLineAndColumnAndExits2(@TempDir Path tmp) throws IOException {
        Path kb = tmp.resolve("mykb");
        copyTree(TestSupport.kbDir(), kb);
        Path drl = kb.resolve("rules/blocking-call/blocking-call.drl");
        Files.writeString(drl, Files.readString(drl).replace("rule \"AD101\"\nwhen", "rule \"AD101\"\nwhen\n    $x : Call(id == \"a\" &&& )"));
        Run r = run("check", "--kb", kb.toString(), TestSupport.root().resolve("examples/jobs-service").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().matches("(?s).*" + java.util.regex.Pattern.quote(kb.toString()) + "/rules/blocking-call/blocking-call\\.drl:\\d+:\\d+: .*"),
                "error names the analyst's path with line and column:\n" + r.err());
    }

    @Test
    void syntaxErrorAndBinaryFilesWarnWhileOtherFilesAreReported(@TempDir Path tmp) throws IOException {
        Files.writeString(tmp.resolve("broken.py"), "import time\n\nasync def f():\n    time.sleep(1)\n\ndef g(:\n    pass\n");
        Files.write(tmp.resolve("blob.py"), new byte[] {0x7f, 'E', 'L', 'F', 0, 0, 1, 2});
        Files.writeString(tmp.resolve("good.py"), "import requests\n\nasync def h(u):\n    return requests.get(u)\n");
        Run r = run("check", "--format", "json", tmp.toString());
        assertEquals(1, r.code(), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertTrue(r.err().contains("broken.py:6: warning: syntax error"), r.err());
        assertTrue(r.err().contains("blob.py:1: warning: skipped: binary file"), r.err());
        boolean good = false, broken = false;
        for (JsonNode f : json.get("findings")) {
            good |= f.get("file").asText().endsWith("good.py") && f.get("line").asInt() == 4;
            broken |= f.get("file").asText().endsWith("broken.py") && f.get("line").asInt() == 4;
        }
        assertTrue(good && broken, "both parsable files are still reported: " + r.out());
    }

    @Test
    void exitCodes(@TempDir Path tmp) throws IOException {
        Files.writeString(tmp.resolve("clean.py"), "import asyncio\n\nasync def f():\n    await asyncio.sleep(1)\n");
        assertEquals(0, run("check", tmp.resolve("clean.py").toString()).code());
        assertEquals(2, run("check", "--format", "xml", tmp.toString()).code());
        assertEquals(2, run("check", "--bogus").code());
        assertEquals(0, run("--version").code());
        assertTrue(run("--version").out().startsWith("asyncdoctor "));
    }

    @Test
    void jsonHasTheContractShape() throws IOException {
        Run r = run("check", "--format", "json", "--symptom", "heartbeats time out when the queue is empty",
                TestSupport.root().resolve("examples/jobs-service").toString());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals("asyncdoctor", j.at("/tool/name").asText());
        assertEquals("loop-blocked", j.at("/symptom/class").asText());
        JsonNode f = j.get("findings").get(0);
        for (String k : new String[] {"rule", "category", "severity", "file", "line", "column", "function", "symptomLink", "mechanism", "fix", "chain", "evidence"}) {
            assertTrue(f.has(k), "finding has " + k);
        }
        assertEquals("blocking-call", f.get("category").asText());
        assertTrue(f.get("chain").size() >= 2, "a cross-module finding lists its chain");
        assertTrue(j.at("/summary/explained").asBoolean());
        assertEquals(1, r.code());
    }

    @Test
    void factsCommandPrintsFacts() {
        Run r = run("facts", TestSupport.root().resolve("examples/jobs-service/jobqueue.py").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Call(") && r.out().contains("resolved=\"redis.Redis.blpop\""), r.out());
    }
}
