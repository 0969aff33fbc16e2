package asyncdoctor.kb;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A named list of API entries from kb/catalogs/NAME.yaml. An entry's `name` is a qualified name
 * (`time.sleep`), a prefix pattern (`requests.*`, any name below `requests`) or a method pattern on a
 * type (`redis.Redis.*`). `except` lists names that a pattern must not match. A name `*.method`
 * matches a call of that method on any receiver when nothing else matches (see {@link #matchMethod}).
 */
public final class Catalog {
    /**
     * @param unlessArgs argument texts that make a matching call harmless (`AI_NUMERICHOST` turns
     *                   getaddrinfo into a local parse): a call whose arguments contain one gets no hit
     */
    public record Entry(String name, String kind, String severity, String replacement, String note, List<String> except,
                        List<String> unlessArgs) {
        public Entry(String name, String kind, String severity, String replacement, String note, List<String> except) {
            this(name, kind, severity, replacement, note, except, List.of());
        }

        /** Whether the call's argument texts defuse it (see unlessArgs). */
        public boolean defusedBy(List<String> args, List<String> keywordValues) {
            for (String u : unlessArgs) {
                for (String a : args) if (a.contains(u)) return true;
                for (String a : keywordValues) if (a.contains(u)) return true;
            }
            return false;
        }
    }

    private final String name;
    private final Map<String, Entry> exact = new HashMap<>();
    private final List<Entry> prefixes = new ArrayList<>();
    /** Each prefix entry's name without the `*` (keeping the dot), in the order of {@code prefixes}. */
    private final String[] stems;
    /** `*.method` entries by method name (matched against any receiver). */
    private final Map<String, Entry> byMethod = new HashMap<>();
    private final List<Entry> all = new ArrayList<>();

    public Catalog(String name, List<Entry> entries) {
        this.name = name;
        for (Entry e : entries) {
            all.add(e);
            if (e.name().endsWith(".*")) prefixes.add(e);
            else exact.put(e.name(), e);
            if (e.name().startsWith("*.")) byMethod.put(e.name().substring(2), e);
        }
        // Longest prefix first, so `requests.Session.*` wins over `requests.*`.
        prefixes.sort((a, b) -> Integer.compare(b.name().length(), a.name().length()));
        stems = new String[prefixes.size()];
        for (int i = 0; i < stems.length; i++) stems[i] = prefixes.get(i).name().substring(0, prefixes.get(i).name().length() - 1);
    }

    public String name() { return name; }

    /**
     * The `*.method` entry for the method name of a call on any receiver (`*.call_soon` matches
     * `self.loop.call_soon`), used when the receiver's type is unknown. Null when none.
     */
    public Entry matchMethod(String callee) {
        if (callee == null) return null;
        int i = callee.lastIndexOf('.');
        if (i <= 0 || i == callee.length() - 1) return null;
        return byMethod.get(callee.substring(i + 1));
    }

    public List<Entry> entries() { return all; }

    /** The entry matching a resolved name, or null. */
    public Entry match(String resolved) {
        if (resolved == null) return null;
        Entry e = exact.get(resolved);
        if (e != null) return e;
        for (int i = 0; i < stems.length; i++) {
            Entry p = prefixes.get(i);
            String stem = stems[i];
            if (resolved.startsWith(stem) && resolved.length() > stem.length()) {
                String rest = resolved.substring(stem.length());
                if (p.except().contains(rest) || p.except().contains(resolved)) return null;
                return p;
            }
        }
        return null;
    }
}
