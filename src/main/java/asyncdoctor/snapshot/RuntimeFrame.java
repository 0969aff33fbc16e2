package asyncdoctor.snapshot;

import asyncdoctor.facts.Located;

/** One frame of a {@link RuntimeStack}; index 0 is the innermost (facts-schema/snapshot.yaml). */
public record RuntimeFrame(String id, String snapshot, int snapLine, String text, String stack, int index,
                           String path, String module, String fn, String name, int line, String code)
        implements Located {}
