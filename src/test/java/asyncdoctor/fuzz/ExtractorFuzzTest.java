package asyncdoctor.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import asyncdoctor.TestSupport;
import asyncdoctor.extract.FactExtractor;
import asyncdoctor.extract.FileFacts;
import asyncdoctor.facts.Located;
import asyncdoctor.parse.PythonParser;
import asyncdoctor.parse.SourceText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Property-based fuzzing of decoding, parsing and lowering: inputs are built from real Python (the
 * KB examples and golden files) by splicing, truncating, flipping bytes, deleting and duplicating
 * lines, re-indenting and nesting. Properties: nothing throws, and every located fact points at a
 * line of the file. Bounded by -Dfuzz.seconds (default 10 in `mvn verify`); a long run:
 * mvn test -Dtest=ExtractorFuzzTest -Dfuzz.seconds=600 -Dfuzz.seed=N
 */
class ExtractorFuzzTest {
    private static final String[] TOKENS = {"async ", "def ", "await ", "with ", "(", ")", "[", "]", "{", "}", ":", "\n", "    ",
            "lambda: ", "try:\n", "except* ", "finally:\n", "yield ", "from . import x\n", "'''", "\"", "f\"{", "}\"", "\\\n",
            "@", "class C(B):\n", "return ", "raise ", "*", "**", ",", "=", ":=", "->", "if __name__ == '__main__':\n", "#", "\t"};

    @Test
    void extractorNeverThrowsAndFactsStayInTheFile() throws IOException {
        long seconds = Long.getLong("fuzz.seconds", 10);
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        Random rnd = new Random(seed);
        List<byte[]> seeds = seeds();
        assertTrue(seeds.size() > 3, "fuzz seeds found");
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        int cases = 0;
        try (PythonParser parser = new PythonParser()) {
            while (System.nanoTime() < deadline) {
                byte[] input = mutate(seeds, rnd);
                cases++;
                SourceText src;
                try {
                    src = SourceText.decode(input);
                } catch (SourceText.Undecodable e) {
                    continue; // a clear rejection is a correct answer
                } catch (RuntimeException e) {
                    fail("decode threw on case " + cases + " (seed " + seed + "): " + e, e);
                    return;
                }
                try {
                    FileFacts ff = FactExtractor.extract("fuzz.py", parser.parse(src));
                    int lines = src.lineCount();
                    for (Object f : ff.facts()) {
                        if (f instanceof Located l && (l.line() < 1 || l.line() > lines)) {
                            fail(f + " points outside the file (" + lines + " lines), seed " + seed);
                        }
                    }
                } catch (RuntimeException | StackOverflowError e) {
                    Path dump = Files.createTempFile("asyncdoctor-fuzz-", ".py");
                    Files.write(dump, input);
                    fail("extraction threw on case " + cases + " (seed " + seed + ", input saved to " + dump + "): " + e, e);
                }
            }
        }
        assertTrue(cases > 0);
        System.out.println("ExtractorFuzzTest: " + cases + " cases in " + seconds + " s, seed " + seed);
    }

    private static List<byte[]> seeds() throws IOException {
        List<byte[]> out = new ArrayList<>();
        for (Path dir : List.of(TestSupport.kbDir(), TestSupport.root().resolve("src/test/resources/golden"), TestSupport.root().resolve("examples"))) {
            if (!Files.isDirectory(dir)) continue;
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.filter(p -> p.toString().endsWith(".py")).sorted().toList()) out.add(Files.readAllBytes(p));
            }
        }
        return out;
    }

    private static byte[] mutate(List<byte[]> seeds, Random rnd) {
        byte[] base = seeds.get(rnd.nextInt(seeds.size()));
        String text = new String(base, StandardCharsets.UTF_8);
        int ops = 1 + rnd.nextInt(6);
        for (int i = 0; i < ops; i++) {
            switch (rnd.nextInt(9)) {
                case 0 -> { // splice another seed in at a random point
                    String other = new String(seeds.get(rnd.nextInt(seeds.size())), StandardCharsets.UTF_8);
                    int at = rnd.nextInt(text.length() + 1);
                    int from = rnd.nextInt(other.length() + 1);
                    text = text.substring(0, at) + other.substring(from, Math.min(other.length(), from + rnd.nextInt(400))) + text.substring(at);
                }
                case 1 -> text = text.substring(0, rnd.nextInt(text.length() + 1)); // truncate
                case 2 -> { // insert tokens
                    StringBuilder sb = new StringBuilder(text);
                    for (int k = rnd.nextInt(10); k >= 0; k--) sb.insert(rnd.nextInt(sb.length() + 1), TOKENS[rnd.nextInt(TOKENS.length)]);
                    text = sb.toString();
                }
                case 3 -> { // delete a line
                    String[] lines = text.split("\n", -1);
                    int k = rnd.nextInt(lines.length);
                    List<String> l = new ArrayList<>(List.of(lines));
                    l.remove(k);
                    text = String.join("\n", l);
                }
                case 4 -> { // duplicate a region
                    int a = rnd.nextInt(text.length() + 1), b = Math.min(text.length(), a + rnd.nextInt(200));
                    text = text.substring(0, b) + text.substring(a, b) + text.substring(b);
                }
                case 5 -> { // re-indent
                    text = text.replace("\n    ", rnd.nextBoolean() ? "\n\t" : "\n  ");
                }
                case 6 -> { // deep nesting
                    int d = 50 + rnd.nextInt(2000);
                    String open = rnd.nextBoolean() ? "(" : "[";
                    text = text + "\nx = " + open.repeat(d) + "await f()" + (open.equals("(") ? ")" : "]").repeat(rnd.nextInt(d + 1)) + "\n";
                }
                case 7 -> { // random unicode, including surrogate-range-adjacent and CRs
                    StringBuilder sb = new StringBuilder(text);
                    for (int k = rnd.nextInt(8); k >= 0; k--) sb.insert(rnd.nextInt(sb.length() + 1), (char) (rnd.nextBoolean() ? 0x80 + rnd.nextInt(0xD000) : '\r'));
                    text = sb.toString();
                }
                default -> { } // keep
            }
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (rnd.nextInt(10) == 0 && bytes.length > 0) { // raw byte flips: invalid UTF-8, NULs
            for (int k = rnd.nextInt(4); k >= 0; k--) bytes[rnd.nextInt(bytes.length)] = (byte) rnd.nextInt(256);
        }
        return bytes;
    }
}
