package asyncdoctor.facts;

import java.util.List;

public record ExceptHandler(String id, String module, String fn, String tryId, List<String> caught,
                            boolean reraises, String exit, int loopDepth, int line, int endLine,
                            String alias) implements Located {
    /** A bare `except:` or one that names BaseException or CancelledError. */
    public boolean catchesCancellation() {
        if (caught.isEmpty()) return true;
        for (String c : caught) {
            if (c.equals("BaseException") || c.equals("builtins.BaseException") || c.endsWith("CancelledError")) return true;
        }
        return false;
    }

    /** Equal facts have equal ids; hashing the id alone is much cheaper than every field (the engine hashes facts often). */
    @Override public int hashCode() { return java.util.Objects.hashCode(id); }
}
