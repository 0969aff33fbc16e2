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

    @Test
    void nearMissesAreNotMarkers() {
        for (String text : new String[] {"", "a", "as", "async", "asyncdef", "await", "awaits", "create_tas", "run_until",
                "asyncio.run", "ensure_futur", "run_forev", "crash = 'enormous'", "récréation await"}) {
            assertEquals(false, root(text), text);
        }
    }
}
