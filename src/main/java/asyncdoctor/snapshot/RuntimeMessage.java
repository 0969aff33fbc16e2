package asyncdoctor.snapshot;

import asyncdoctor.facts.Located;

/** A runtime warning, logged error or exception and what it points at (facts-schema/snapshot.yaml). */
public record RuntimeMessage(String id, String snapshot, int snapLine, String text, String kind, String detail,
                             String path, String module, String fn, int line, String stack, String task)
        implements Located {}
