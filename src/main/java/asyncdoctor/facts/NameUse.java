package asyncdoctor.facts;

public record NameUse(String module, String fn, String name, String usage, String parentCall, int line)
        implements Located {}
