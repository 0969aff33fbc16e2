package asyncdoctor.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import asyncdoctor.input.InputFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The planner indexes each file as soon as it and the files before it are parsed: in the outcome's order, on its own thread. */
class ExtractionOrderTest {
    @Test
    void filesReachTheCallerInTheOutcomesOrderOnTheCallingThread(@TempDir Path tmp) throws Exception {
        List<InputFiles.Input> inputs = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            // Sizes that differ a lot, so later files often finish before earlier ones.
            StringBuilder text = new StringBuilder();
            for (int k = 0; k < (i % 4 == 0 ? 3000 : 5); k++) text.append("def f").append(k).append("():\n    return ").append(k).append("\n");
            String name = "m" + i + ".py";
            Files.writeString(tmp.resolve(name), text.toString());
            inputs.add(new InputFiles.Input(tmp.resolve(name), name, name));
        }
        Files.write(tmp.resolve("bad.py"), new byte[] {'x', 0, 'y'}); // skipped (binary): never handed on
        inputs.add(5, new InputFiles.Input(tmp.resolve("bad.py"), "bad.py", "bad.py"));
        List<FileFacts> seen = new ArrayList<>();
        Thread caller = Thread.currentThread();
        Extraction.Outcome o = Extraction.run(inputs, Map.of(), 2, null, null, ff -> {
            assertSame(caller, Thread.currentThread());
            seen.add(ff);
        });
        assertEquals(24, o.files().size());
        assertEquals(o.files(), seen);
        for (int i = 0; i < seen.size(); i++) assertEquals("m" + i + ".py", seen.get(i).module().id());
        assertEquals(1, o.diagnostics().size());
    }
}
