package asyncdoctor.snapshot;

import asyncdoctor.facts.Located;
import java.util.List;

/** A Task or Future seen in a snapshot (facts-schema/snapshot.yaml). */
public record RuntimeTask(String id, String snapshot, int snapLine, String text, String type, String name,
                          String state, String coro, String path, String module, String fn, int line,
                          boolean running, String waitFor, List<String> callbacks, String exception, String source,
                          int dump, String awaitedBy, String stack) implements Located {
    public RuntimeTask {
        callbacks = List.copyOf(callbacks);
    }

    RuntimeTask withStack(String s) {
        return new RuntimeTask(id, snapshot, snapLine, text, type, name, state, coro, path, module, fn, line, running,
                waitFor, callbacks, exception, source, dump, awaitedBy, s);
    }
}
