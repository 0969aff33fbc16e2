package asyncdoctor.facts;

import java.util.List;

/**
 * A function that runs once per loop iteration or per request: called in a loop body or a
 * comprehension, a request handler, or called by such a function (kb/derived/per-item.drl).
 */
public record CalledPer(String fn, String how, String origin, List<String> path) {}
