package asyncdoctor.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import asyncdoctor.TestSupport;
import io.github.treesitter.jtreesitter.Language;
import io.github.treesitter.jtreesitter.Parser;
import io.github.treesitter.jtreesitter.Tree;
import io.github.treesitter.jtreesitter.TreeCursor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The grammar compiled at build time parses exactly like the prebuilt one it replaces. */
class GrammarLibraryTest {
    @Test
    void compiledGrammarBuildsTheSameTreesAsThePrebuiltOne() throws Exception {
        Assumptions.assumeTrue("compiled -O2".equals(NativeLibraries.grammarSource()),
                "no compiled grammar on this machine (no gcc or npm at build time): nothing to compare");
        Language compiled = PythonParser.language();
        Language prebuilt = Language.load(NativeLibraries.prebuiltPython(), "tree_sitter_python");
        assertNotNull(prebuilt);
        List<Path> files;
        try (Stream<Path> s = Stream.concat(Files.walk(TestSupport.root().resolve("src/test/resources/golden")),
                Stream.concat(Files.walk(TestSupport.root().resolve("kb/rules")), Files.walk(TestSupport.root().resolve("examples"))))) {
            files = s.filter(p -> p.toString().endsWith(".py")).sorted().toList();
        }
        assertTrue(files.size() > 20);
        List<String> odd = List.of("", "def f(:\n    x = (\n", "x = 'é' + \"\\u2603\"  # ☃\n", "async def f():\n    await g(\n",
                "class A:\n\tdef f(self): return 1\n", "match x:\n    case [a, *_] if a: pass\n", "print 'py2'\n");
        try (Parser a = new Parser(compiled); Parser b = new Parser(prebuilt)) {
            for (Path f : files) {
                String text = new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
                assertEquals(dump(b, text), dump(a, text), f.toString());
            }
            for (String text : odd) assertEquals(dump(b, text), dump(a, text), text);
        }
    }

    /** Every node in pre-order: type, field, byte range, error and missing flags. */
    private static String dump(Parser parser, String text) {
        StringBuilder sb = new StringBuilder();
        try (Tree tree = parser.parse(text).orElseThrow(); TreeCursor c = tree.walk()) {
            int depth = 0;
            while (true) {
                var n = c.getCurrentNode();
                sb.append(depth).append(' ').append(n.getType()).append(' ').append(c.getCurrentFieldName()).append(' ')
                        .append(n.getStartByte()).append('-').append(n.getEndByte()).append(n.isError() ? " E" : "")
                        .append(n.isMissing() ? " M" : "").append('\n');
                if (c.gotoFirstChild()) { depth++; continue; }
                while (!c.gotoNextSibling()) {
                    if (!c.gotoParent()) return sb.toString();
                    depth--;
                }
            }
        }
    }
}
