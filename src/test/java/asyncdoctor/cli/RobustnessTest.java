package asyncdoctor.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import asyncdoctor.TestSupport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad inputs give a clear message that names the file (and line where there is one), never a crash,
 * and the rest of the run completes: a canary file with a known finding is always reported too.
 */
class RobustnessTest {
    @TempDir Path tmp;

    @BeforeEach
    void canary() throws IOException {
        Files.writeString(tmp.resolve("canary.py"), "import time\n\nasync def tick():\n    time.sleep(1)\n");
    }

    private CliTest.Run check(String... extra) {
        String[] args = new String[extra.length + 4];
        args[0] = "check";
        args[1] = "--no-cache";
        args[2] = "--format";
        args[3] = "json";
        System.arraycopy(extra, 0, args, 4, extra.length);
        return CliTest.run(args);
    }

    private static void assertCanaryReported(CliTest.Run r) throws IOException {
        JsonNode j = new ObjectMapper().readTree(r.out());
        boolean found = false;
        for (JsonNode f : j.get("findings")) found |= f.get("file").asText().endsWith("canary.py") && f.get("line").asInt() == 4;
        assertTrue(found, "the rest of the run completes (canary.py:4 reported):\n" + r.out() + "\n" + r.err());
    }

    @Test
    void binaryFile() throws IOException {
        Files.write(tmp.resolve("blob.py"), new byte[] {1, 2, 0, 3, 0, 0, (byte) 0xff});
        CliTest.Run r = check(tmp.toString());
        assertTrue(r.err().contains("blob.py:1: warning: skipped: binary file"), r.err());
        assertCanaryReported(r);
    }

    @Test
    void invalidUtf8() throws IOException {
        Files.write(tmp.resolve("bad.py"), "x = 1\ny = 'caf\u00e9'\n".getBytes(StandardCharsets.ISO_8859_1));
        CliTest.Run r = check(tmp.toString());
        assertTrue(r.err().contains("bad.py:2: warning: skipped: not valid UTF-8"), r.err());
        assertCanaryReported(r);
    }

    @Test
    void latin1FileWithItsCodingCookieIsAnalyzed() throws IOException {
        String src = "# -*- coding: latin-1 -*-\nimport time\n\nasync def caf\u00e9():\n    s = 'd\u00e9j\u00e0'\n    time.sleep(1)\n";
        Files.write(tmp.resolve("latin.py"), src.getBytes(StandardCharsets.ISO_8859_1));
        CliTest.Run r = check(tmp.toString());
        assertTrue(r.out().contains("\"line\" : 6") && r.out().contains("latin.py"), r.out() + r.err());
        assertCanaryReported(r);
    }

    @Test
    void tenMegabyteFile() throws IOException {
        StringBuilder sb = new StringBuilder("import time\n\n");
        int i = 0;
        while (sb.length() < 10 * 1024 * 1024) sb.append("def f").append(i++).append("(a, b):\n    return a + b * ").append(i).append("\n\n");
        Files.writeString(tmp.resolve("huge.py"), sb);
        CliTest.Run r = check(tmp.toString());
        assertEquals(1, r.code(), r.err());
        assertCanaryReported(r);
    }

    @Test
    void fiveThousandDeepNesting() throws IOException {
        int depth = 5000;
        String deep = "x = " + "[".repeat(depth) + "1" + "]".repeat(depth) + "\n"
                + "y = " + "f(".repeat(depth) + "0" + ")".repeat(depth) + "\n"
                + "z = " + "(".repeat(depth) + "1" + ")".repeat(depth) + "\n";
        Files.writeString(tmp.resolve("deep.py"), deep);
        CliTest.Run r = check(tmp.toString());
        assertEquals(1, r.code(), r.err());
        assertCanaryReported(r);
    }

    @Test
    void syntaxErrors() throws IOException {
        Files.writeString(tmp.resolve("broken.py"), "def f(:\n  pass\n\nclass\n");
        CliTest.Run r = check(tmp.toString());
        assertTrue(r.err().contains("broken.py:1: warning: syntax error"), r.err());
        assertCanaryReported(r);
    }

    @Test
    void symlinkLoop() throws IOException {
        Path sub = Files.createDirectories(tmp.resolve("sub"));
        Files.createSymbolicLink(sub.resolve("loop"), tmp);
        CliTest.Run r = check(tmp.toString());
        assertTrue(r.err().contains("symbolic link loop"), r.err());
        assertCanaryReported(r);
    }

    @Test
    void unreadableFile() throws IOException {
        Path locked = tmp.resolve("locked.py");
        Files.writeString(locked, "x = 1\n");
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        // Root reads through permissions: a link to nothing is unreadable for everyone.
        Files.createSymbolicLink(tmp.resolve("dangling.py"), tmp.resolve("does-not-exist.py"));
        CliTest.Run r = check(tmp.toString());
        assertTrue(r.err().contains("dangling.py"), r.err());
        if (!"root".equals(System.getProperty("user.name"))) assertTrue(r.err().contains("locked.py"), r.err());
        assertCanaryReported(r);
    }

    @Test
    void emptyFile() throws IOException {
        Files.writeString(tmp.resolve("empty.py"), "");
        CliTest.Run r = check(tmp.toString());
        assertEquals(1, r.code(), r.err());
        assertCanaryReported(r);
    }

    @Test
    void invalidDrlFile() throws IOException {
        Path kb = tmp.resolve("kb");
        CliTest.copyTree(TestSupport.kbDir(), kb);
        Files.writeString(kb.resolve("rules/broken.drl"), "package x;\nrule \"oops\"\nwhen\n    Call(\nthen\nend\n");
        CliTest.Run r = check("--kb", kb.toString(), tmp.resolve("canary.py").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains(kb + "/rules/broken.drl:"), r.err());
    }

    @Test
    void invalidConfig() throws IOException {
        Files.writeString(tmp.resolve("pyproject.toml"), "[tool.asyncdoctor]\nno-such-key = 1\n");
        CliTest.Run r = check(tmp.toString());
        assertEquals(2, r.code(), r.out());
        assertTrue(r.err().contains("pyproject.toml") && r.err().contains("no-such-key"), r.err());
    }

    @Test
    void truncatedSnapshot() throws IOException {
        Path snap = tmp.resolve("snap.log");
        Files.writeString(snap, "Executing <Task pending name='Task-1' coro=<tick() running at /srv/app/canary.py:4> wait_for=<Fut");
        CliTest.Run r = check("--snapshot", snap.toString(), tmp.resolve("canary.py").toString());
        assertEquals(1, r.code(), r.err());
        assertCanaryReported(r);
    }
}
