package asyncdoctor.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import asyncdoctor.TestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The native one-call walk builds exactly the tree the jtreesitter walk builds. */
class NativeWalkTest {
    @Test
    void compiledCoreCarriesTheWalk() {
        // The build compiles the core with syntax_walk.c; the prebuilt fallback is only for machines without gcc/npm.
        assertTrue(NativeWalk.available() || !"compiled -O2".equals(NativeLibraries.coreSource()),
                "the compiled core was loaded but has no ad_parse_walk");
    }

    @Test
    void sameTreeAsTheJavaWalk() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Stream.concat(Files.walk(TestSupport.root().resolve("src/test/resources/golden")),
                Files.walk(TestSupport.root().resolve("kb/rules")))) {
            files = s.filter(p -> p.toString().endsWith(".py")).sorted().toList();
        }
        assertTrue(files.size() > 20);
        List<String> odd = List.of("", "def f(:\n    x = (\n", "x = 'é' + \"\\u2603\"  # ☃ \uD83D\uDE00\n", "async def f():\n    await g(\n",
                "class A:\n\tdef f(self): return 1\n", "\uFEFFimport os\n");
        try (PythonParser nat = new PythonParser(true); PythonParser java = new PythonParser(false)) {
            for (Path f : files) {
                SourceText text = SourceText.decode(Files.readAllBytes(f));
                assertSame(f.toString(), nat.parse(text), java.parse(text));
            }
            for (String s : odd) assertSame(s, nat.parse(SourceText.of(s)), java.parse(SourceText.of(s)));
        }
    }

    private static void assertSame(String what, SyntaxTree a, SyntaxTree b) {
        assertEquals(b.firstErrorLine(), a.firstErrorLine(), what + ": first error line");
        assertEquals(dump(b.root()), dump(a.root()), what);
    }

    private static String dump(PyNode n) {
        StringBuilder sb = new StringBuilder();
        java.util.ArrayDeque<Object[]> stack = new java.util.ArrayDeque<>();
        stack.push(new Object[] {n, 0});
        while (!stack.isEmpty()) {
            Object[] e = stack.pop();
            PyNode x = (PyNode) e[0];
            int d = (int) e[1];
            sb.append(" ".repeat(d)).append(x.type).append(' ').append(x.field).append(' ').append(x.named)
                    .append(' ').append(x.error).append(' ').append(x.start).append('-').append(x.end).append('\n');
            List<PyNode> cs = x.children();
            for (int i = cs.size() - 1; i >= 0; i--) stack.push(new Object[] {cs.get(i), d + 1});
        }
        return sb.toString();
    }
}
