package asyncdoctor.facts;

/**
 * A function holds a lock over a range of lines: inside `async with LOCK:` or from
 * `await LOCK.acquire()` to the first `LOCK.release()` after it (kb/derived/locks.drl).
 */
public record LockHeld(String id, String module, String fn, String key, String expr, String type, String kind,
                       String how, String site, int line, int endLine, String scope) implements Located {}
