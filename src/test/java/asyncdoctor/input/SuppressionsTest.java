package asyncdoctor.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The comment scanner behind `# asyncdoctor: ignore[...]`. */
class SuppressionsTest {
    @Test
    void idsAreReadFromRealCommentsOnly() {
        var s = Suppressions.scan("""
                x = 1  # asyncdoctor: ignore[AD101]
                y = "# asyncdoctor: ignore"  # noqa: E501  # asyncdoctor: ignore[blocking-call, AD204 ]
                doc = \"\"\"
                # asyncdoctor: ignore
                \"\"\"
                z = 'it''s'  # asyncdoctor:ignore
                w = 2  #asyncdoctor: ignore[]
                """);
        assertEquals(List.of("AD101"), s.on(1));
        assertEquals(List.of("blocking-call", "AD204"), s.on(2));
        assertEquals(List.of(), s.on(4), "inside a docstring it is text, not a directive");
        assertEquals(List.of(6, 7), s.bareLines());
        assertNull(Suppressions.scan("import asyncdoctor\n"));
    }

    @Test
    void theCodeOfALineDropsItsComment() {
        assertEquals("time.sleep(1)", Suppressions.codeOf("    time.sleep(1)  # asyncdoctor: ignore[AD101]"));
        assertEquals("print(\"# not a comment\")", Suppressions.codeOf("print(\"# not a comment\")  # real"));
    }
}
