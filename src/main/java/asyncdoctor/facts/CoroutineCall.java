package asyncdoctor.facts;

import java.util.List;

public record CoroutineCall(String call, String kind, String callee, String fn, String defined, List<String> path) {}
