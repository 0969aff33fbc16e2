package asyncdoctor.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import asyncdoctor.TestSupport;
import asyncdoctor.parse.PythonParser;
import asyncdoctor.parse.SourceText;
import asyncdoctor.workbench.FactPrinter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden files: each src/test/resources/golden/NAME.py is lowered and compared with NAME.facts.
 * After an intended change, regenerate with: mvn test -Dtest=ExtractionGoldenTest -Dgolden.update=true
 */
class ExtractionGoldenTest {
    static final Path DIR = TestSupport.root().resolve("src/test/resources/golden");

    @TestFactory
    Stream<DynamicTest> golden() throws IOException {
        boolean update = Boolean.getBoolean("golden.update");
        try (Stream<Path> s = Files.list(DIR)) {
            return s.filter(p -> p.toString().endsWith(".py")).sorted().toList().stream().map(py -> DynamicTest.dynamicTest(py.getFileName().toString(), () -> {
                String name = py.getFileName().toString();
                String actual;
                try (PythonParser parser = new PythonParser()) {
                    FileFacts ff = FactExtractor.extract(name, parser.parse(SourceText.decode(Files.readAllBytes(py))));
                    actual = FactPrinter.render(ff.facts(), false);
                }
                Path expected = DIR.resolve(name.replace(".py", ".facts"));
                if (update || !Files.exists(expected)) Files.writeString(expected, actual, StandardCharsets.UTF_8);
                assertEquals(Files.readString(expected, StandardCharsets.UTF_8), actual, "facts of " + name);
            }));
        }
    }
}
