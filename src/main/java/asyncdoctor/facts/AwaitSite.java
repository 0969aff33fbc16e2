package asyncdoctor.facts;

public record AwaitSite(String id, String module, String fn, String call, String kind, String text, int line,
                        int column, String inFinally) implements Located {}
