package asyncdoctor.facts;

import java.util.List;

public record Call(String id, String module, String fn, String callee, String resolved, String receiver,
                   boolean awaited, String usage, String target, String parentCall, int argIndex, String keyword,
                   List<String> keywords, List<String> keywordValues, List<String> args, int line, int column,
                   int loopDepth, String inFinally, String inHandler, boolean inMainGuard) implements Located {

    public Call withResolved(String r) {
        return new Call(id, module, fn, callee, r, receiver, awaited, usage, target, parentCall, argIndex, keyword,
                keywords, keywordValues, args, line, column, loopDepth, inFinally, inHandler, inMainGuard);
    }

    /** The value passed for a keyword argument, or null. */
    public String keywordValue(String name) {
        int i = keywords.indexOf(name);
        return i < 0 ? null : keywordValues.get(i);
    }

    /** The last segment of the callee (`get` for `requests.get`). */
    public String method() {
        int i = callee.lastIndexOf('.');
        return i < 0 ? callee : callee.substring(i + 1);
    }

    /** Equal facts have equal ids; hashing the id alone is much cheaper than every field (the engine hashes facts often). */
    @Override public int hashCode() { return java.util.Objects.hashCode(id); }
}
