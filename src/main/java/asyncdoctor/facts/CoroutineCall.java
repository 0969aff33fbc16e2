package asyncdoctor.facts;

import java.util.List;

/**
 * A call that creates a coroutine (kb/derived/coroutines.drl). {@code awaited} and {@code usage} are
 * the call's own: rules about coroutines that are never run select on them before they look the call
 * up, since most coroutine calls are awaited.
 */
public record CoroutineCall(String call, String kind, String callee, String fn, String defined, List<String> path,
                            boolean awaited, String usage) {}
