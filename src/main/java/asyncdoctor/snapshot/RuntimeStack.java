package asyncdoctor.snapshot;

/** One stack of a snapshot: a thread, a task, a traceback or a creation stack (facts-schema/snapshot.yaml). */
public record RuntimeStack(String id, String snapshot, int snapLine, String text, String kind, String format,
                           String owner, String task, int frames, boolean live, boolean loop, int callbackFrame,
                           boolean idle, boolean cancelAllTasks, String exception) {}
