package asyncdoctor.facts;

public record Assignment(String id, String module, String fn, String target, String call, int line)
        implements Located {}
