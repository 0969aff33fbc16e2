package asyncdoctor.snapshot;

/** An asyncio lock, semaphore, event, condition, barrier or queue repr (facts-schema/snapshot.yaml). */
public record RuntimeLock(String id, String snapshot, int snapLine, String text, String type, String label,
                          String address, String state, boolean locked, int waiters, int value, int putters,
                          int dump) {}
