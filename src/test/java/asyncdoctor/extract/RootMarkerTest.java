package asyncdoctor.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The one-pass scan that decides which files have async code finds each marker anywhere, and nothing else. */
class RootMarkerTest {
    private static boolean root(String text) {
        return Planner.hasRootMarker(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void everyMarkerIsFoundAtTheStartInTheMiddleAndAtTheEnd() {
        String[] markers = {"async def", "await ", "async with", "async for", "create_task", "ensure_future",
            "run_until_complete", "asyncio.run(", "run_forever"};
        for (String m : markers) {
            assertEquals(true, root(m), m);
            assertEquals(true, root("x = 1\nclass A:\n    " + m + " y\n"), m);
            assertEquals(true, root("# ends with\n" + m), m);
        }
    }

    /** The skipping scan against the plain definition (some marker is a substring), on text made of marker pieces. */
    @Test
    void agreesWithASubstringSearchOnRandomText() {
        String[] pieces = {"async def", "await ", "async with", "async for", "create_task", "ensure_future",
            "run_until_complete", "asyncio.run(", "run_forever", "async", "awai", "wait ", "sync ", "run_", "create",
            "ensure", "_task", "io.run", "forever", "re", "un", "te", "c ", "t ", " ", "\n", "a", "é", "x", "(", "_"};
        java.util.Random random = new java.util.Random(7);
        int found = 0;
        for (int i = 0; i < 20_000; i++) {
            StringBuilder sb = new StringBuilder();
            for (int n = random.nextInt(12); n > 0; n--) {
                String p = pieces[random.nextInt(pieces.length)];
                // a piece cut short at either end, so markers also appear split and shifted
                int from = random.nextInt(4) == 0 ? random.nextInt(p.length()) : 0;
                int to = random.nextInt(4) == 0 ? from + random.nextInt(p.length() - from + 1) : p.length();
                sb.append(p, from, to);
            }
            String text = sb.toString();
            boolean expected = false;
            for (String m : Planner.ROOT_MARKERS) expected |= text.contains(m);
            if (expected) found++;
            assertEquals(expected, root(text), text);
        }
        assertEquals(true, found > 2_000 && found < 18_000, "both kinds of text were tried: " + found);
    }

    @Test
    void nearMissesAreNotMarkers() {
        for (String text : new String[] {"", "a", "as", "async", "asyncdef", "await", "awaits", "create_tas", "run_until",
                "asyncio.run", "ensure_futur", "run_forev", "crash = 'enormous'", "récréation await"}) {
            assertEquals(false, root(text), text);
        }
    }
}
