package asyncdoctor.snapshot;

import asyncdoctor.facts.Located;

/** `Executing <...> took N seconds` (facts-schema/snapshot.yaml). */
public record SlowCallback(String id, String snapshot, int snapLine, String text, int millis, String kind, String task,
                           String callback, String path, String module, String fn, int line, boolean running)
        implements Located {}
