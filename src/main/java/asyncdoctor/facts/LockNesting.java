package asyncdoctor.facts;

import java.util.List;

/**
 * While holding one lock, a function takes another (or the same) lock: directly in the held range,
 * or through awaited calls (kb/derived/locks.drl).
 */
public record LockNesting(String module, String fn, String outerKey, String outerExpr, String outerSite,
                          int outerLine, String innerKey, String innerExpr, String innerSite,
                          String innerLocation, String via, List<String> path, int line) implements Located {}
