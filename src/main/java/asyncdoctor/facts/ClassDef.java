package asyncdoctor.facts;

import java.util.List;

public record ClassDef(String id, String module, String qname, String name, List<String> bases, int line) {}
