package asyncdoctor.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The source-line helpers that fix texts are built from. */
class FindingTextsTest {
    @Test
    void trailingCommentsAreDroppedButHashesInStringsStay() {
        assertEquals("time.sleep(1)", FindingTexts.withoutComment("time.sleep(1)  # expect: blocking-call"));
        assertEquals("x = f('#tag', \"a#b\")", FindingTexts.withoutComment("x = f('#tag', \"a#b\")  # note"));
        assertEquals("s = 'it\\'s # not'", FindingTexts.withoutComment("s = 'it\\'s # not'"));
        assertEquals("y = 1", FindingTexts.withoutComment("y = 1"));
    }

    @Test
    void fill() {
        assertEquals("a 1 {unknown}", FindingTexts.fill("a {x} {unknown}", java.util.Map.of("x", "1")));
    }
}
