package asyncdoctor.kb;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits the KB's DRL files into groups that can fire in separate sessions, one per core: no rule of
 * one group reads a fact that a rule of another group inserts. Drools evaluates a session on one
 * thread, so two independent halves of the KB fire in about half the time on two cores, and give
 * the same findings as one session (a rule sees the same base facts and the same derived facts).
 *
 * <p>Found from the DRL text: a file writes the derived types it inserts ({@code insert(new X(...))})
 * and reads the derived types its patterns name. {@code Reaches} is one type with many meanings, so
 * its kind is part of the channel: {@code Reaches(kind == "blocking")} reads "blocking",
 * {@code kind.startsWith("lock:")} and {@code "lock:" + $key} read and write every "lock:..." kind,
 * {@code $r.kind()} the kinds of the Reaches bound to {@code $r}; any other kind means every kind.
 * Files connected by a channel stay together; the connected sets are then packed into at most
 * {@code max} groups, heaviest first, into the lightest group. A file weighs what kb/costs.yaml
 * says its rules took to fire on a large tree (milliseconds, measured by src/bench/rule_costs.py);
 * a file it does not list weighs {@link #MS_PER_RULE} per rule, three times that per rule that
 * derives facts (the derived layer's closures are most of the engine's work), and nothing for a rule
 * that needs a runtime snapshot's facts (types of {@code asyncdoctor.snapshot}): without a snapshot
 * it never runs, and with one the run is small. Rule counts alone put the two heaviest sets in the
 * same group on the benchmark corpus (one group fired 0.7 s longer than the other).
 */
public final class RuleGroups {
    private static final Pattern INSERT = Pattern.compile("\\binsert(?:Logical)?\\(\\s*new\\s+([A-Z]\\w*)\\(");
    /** Where a rule (or a query) starts, however its name is quoted: the file is cut into one piece per rule. */
    private static final Pattern RULE = Pattern.compile("(?m)^\\s*(?:rule|query)\\b");
    /** A change to working memory the INSERT pattern cannot read (`insert($x)`, `modify`, `delete`): it may write anything. */
    private static final Pattern OTHER_CHANGE = Pattern.compile(
            "(?<![\\w.])(?:drools\\.)?(?:(?:insert|insertLogical)\\s*\\(\\s*(?!new\\s)|(?:modify|update|delete|retract)\\s*\\()\\s*(\\$\\w+)?");
    private static final Pattern PATTERN = Pattern.compile("(?<![\\w.$])(?:(\\$\\w+)\\s*:\\s*)?([A-Z]\\w*)\\(");
    private static final Pattern KIND_EXACT = Pattern.compile("\\bkind\\s*==\\s*\"([^\"]+)\"");
    private static final Pattern KIND_PREFIX = Pattern.compile("\\bkind\\s*(?:\\.startsWith\\(\\s*|==\\s*\\(\\s*)\"([^\"]+)\"");
    private static final Pattern SNAPSHOT_IMPORT = Pattern.compile("(?m)^import\\s+asyncdoctor\\.snapshot\\.([A-Z]\\w*)\\s*;");
    private static final Pattern KIND_OF_VAR = Pattern.compile("\\bkind\\s*==\\s*(\\$\\w+)\\.kind\\b");
    /** A written kind taken from a bound Reaches: `$r.kind()`. */
    private static final Pattern KIND_OF_BOUND = Pattern.compile("^(\\$\\w+)\\.kind\\(\\)$");
    /** The weight of a rule whose file kb/costs.yaml does not list: about what a rule costs on the corpus. */
    static final int MS_PER_RULE = 20;
    /** Every kind of Reaches: what an unreadable kind expression stands for. */
    private static final String ANY = "*";

    private RuleGroups() {}

    /** A channel: a derived type, and for Reaches its kind (exact, a prefix ending in '*', or '*'). */
    record Channel(String type, String kind) {
        boolean overlaps(Channel o) {
            if (type.equals(ANY) || o.type.equals(ANY)) return true;
            if (!type.equals(o.type)) return false;
            if (kind == null || o.kind == null || kind.equals(ANY) || o.kind.equals(ANY)) return true;
            return covers(kind, o.kind) || covers(o.kind, kind);
        }

        private static boolean covers(String a, String b) {
            if (a.endsWith("*")) return b.startsWith(a.substring(0, a.length() - 1));
            return a.equals(b);
        }
    }

    /** What one DRL file reads and writes, and how much work its rules are (see the class comment). */
    record FileUse(Set<Channel> reads, Set<Channel> writes, int weight, boolean matchesAnything) {}

    /**
     * The groups of DRL files (by the keys of {@code drl}), at most {@code max}, each sorted, in the
     * order of their first file. Deterministic for the same files.
     */
    public static List<List<String>> of(Map<String, String> drl, int max) {
        return of(drl, max, Map.of());
    }

    /** As {@link #of(Map, int)}, weighing the files that {@code costs} lists by their measured cost (ms). */
    public static List<List<String>> of(Map<String, String> drl, int max, Map<String, Integer> costs) {
        Map<String, String> texts = new TreeMap<>();
        for (var e : drl.entrySet()) texts.put(e.getKey(), withoutComments(e.getValue()));
        Set<String> derived = new LinkedHashSet<>();
        Set<String> runtime = new LinkedHashSet<>();
        for (String text : texts.values()) {
            Matcher m = INSERT.matcher(text);
            while (m.find()) derived.add(m.group(1));
            // retract($s), modify($s): the type $s is bound to is changed by rules too
            Matcher c = OTHER_CHANGE.matcher(text);
            while (c.find()) {
                if (c.group(1) == null) continue;
                Matcher b = Pattern.compile(Pattern.quote(c.group(1)) + "\\s*:\\s*([A-Z]\\w*)\\(").matcher(text);
                if (b.find()) derived.add(b.group(1));
            }
            Matcher i = SNAPSHOT_IMPORT.matcher(text);
            while (i.find()) runtime.add(i.group(1));
        }
        Map<String, FileUse> uses = new TreeMap<>();
        for (var e : texts.entrySet()) {
            FileUse u = use(e.getValue(), derived, runtime);
            Integer measured = costs.get(e.getKey());
            uses.put(e.getKey(), measured == null ? u : new FileUse(u.reads(), u.writes(), measured, u.matchesAnything()));
        }
        List<String> names = new ArrayList<>(uses.keySet());
        int[] parent = new int[names.size()];
        for (int i = 0; i < parent.length; i++) parent[i] = i;
        for (int i = 0; i < names.size(); i++) {
            for (int j = 0; j < names.size(); j++) {
                if (i != j && connected(uses.get(names.get(i)), uses.get(names.get(j)))) union(parent, i, j);
            }
        }
        Map<Integer, List<String>> components = new TreeMap<>();
        for (int i = 0; i < names.size(); i++) components.computeIfAbsent(find(parent, i), k -> new ArrayList<>()).add(names.get(i));
        List<List<String>> sets = new ArrayList<>(components.values());
        sets.sort(Comparator.<List<String>>comparingInt(s -> -weight(s, uses)).thenComparing(s -> s.get(0)));
        int n = Math.max(1, Math.min(max, sets.size()));
        List<List<String>> groups = new ArrayList<>();
        int[] load = new int[n];
        for (int i = 0; i < n; i++) groups.add(new ArrayList<>());
        for (List<String> set : sets) {
            int lightest = 0;
            for (int i = 1; i < n; i++) if (load[i] < load[lightest]) lightest = i;
            groups.get(lightest).addAll(set);
            load[lightest] += weight(set, uses);
        }
        for (List<String> g : groups) g.sort(null);
        groups.removeIf(List::isEmpty);
        groups.sort(Comparator.comparing(g -> g.get(0)));
        return groups;
    }

    private static int weight(List<String> files, Map<String, FileUse> uses) {
        int w = 0;
        for (String f : files) w += uses.get(f).weight();
        return w;
    }

    /** Whether what {@code writer} inserts or changes may be read by {@code reader}. */
    private static boolean connected(FileUse writer, FileUse reader) {
        for (Channel w : writer.writes()) {
            // a change of unknown type may be of any type the reader's patterns match
            if (w.type().equals(ANY) && reader.matchesAnything()) return true;
            for (Channel r : reader.reads()) if (w.overlaps(r)) return true;
        }
        return false;
    }

    private static int find(int[] p, int i) {
        while (p[i] != i) i = p[i] = p[p[i]];
        return i;
    }

    private static void union(int[] p, int a, int b) {
        int ra = find(p, a), rb = find(p, b);
        if (ra != rb) p[Math.max(ra, rb)] = Math.min(ra, rb);
    }

    /** The channels a file's rules read and write. */
    static FileUse use(String text, Set<String> derived, Set<String> runtime) {
        int weight = 0;
        boolean matchesAnything = false;
        Set<Channel> reads = new LinkedHashSet<>();
        Set<Channel> writes = new LinkedHashSet<>();
        // One piece per rule; each piece is read whole (conditions and action), which can only find
        // more reads and writes than there are, never fewer: a missed one would split what must not be.
        Matcher rules = RULE.matcher(text);
        List<Integer> starts = new ArrayList<>(List.of(0));
        while (rules.find()) if (rules.start() > 0) starts.add(rules.start());
        for (int r = 0; r < starts.size(); r++) {
            String rule = text.substring(starts.get(r), r + 1 < starts.size() ? starts.get(r + 1) : text.length());
            Map<String, Channel> bound = new HashMap<>();
            boolean needsSnapshot = false;
            Matcher p = PATTERN.matcher(rule);
            while (p.find()) {
                String type = p.group(2);
                if (runtime.contains(type)) needsSnapshot = true;
                // `new X(` constructs a fact; it is not a pattern
                if (rule.startsWith("new ", Math.max(0, p.start() - 4))) continue;
                matchesAnything = true;
                if (!derived.contains(type)) continue;
                Channel c = new Channel(type, type.equals("Reaches") ? kindRead(args(rule, p.end()), bound) : null);
                reads.add(c);
                if (p.group(1) != null) bound.put(p.group(1), c);
            }
            Matcher ins = INSERT.matcher(rule);
            boolean derives = false;
            while (ins.find()) {
                String type = ins.group(1);
                writes.add(new Channel(type, type.equals("Reaches") ? kindWritten(args(rule, ins.end()), bound) : null));
                derives = true;
            }
            Matcher other = OTHER_CHANGE.matcher(rule);
            while (other.find()) {
                // a change of a bound fact writes that fact's channel; of anything else, every channel
                Channel target = other.group(1) == null ? null : bound.get(other.group(1));
                writes.add(target != null ? target : new Channel(ANY, ANY));
                derives = true;
            }
            if (rule.contains("when") && !needsSnapshot) weight += (derives ? 3 : 1) * MS_PER_RULE;
        }
        return new FileUse(reads, writes, weight, matchesAnything);
    }

    /** The DRL text with its comments blanked (a comment may well name `Reaches(kind ...)`), strings kept. */
    static String withoutComments(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < text.length() && text.charAt(j) != c && text.charAt(j) != '\n') j += text.charAt(j) == '\\' ? 2 : 1;
                j = Math.min(j, text.length() - 1);
                out.append(text, i, j + 1);
                i = j;
            } else if (c == '/' && i + 1 < text.length() && text.charAt(i + 1) == '/') {
                while (i < text.length() && text.charAt(i) != '\n') i++;
                if (i < text.length()) out.append('\n');
            } else if (c == '/' && i + 1 < text.length() && text.charAt(i + 1) == '*') {
                int end = text.indexOf("*/", i + 2);
                end = end < 0 ? text.length() : end + 2;
                for (int k = i; k < end; k++) if (text.charAt(k) == '\n') out.append('\n');
                i = end - 1;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** The text between an opening parenthesis (just before {@code from}) and its match. */
    private static String args(String s, int from) {
        int depth = 1;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                i = s.indexOf('"', i + 1);
                if (i < 0) return s.substring(from);
            } else if (c == '(') depth++;
            else if (c == ')' && --depth == 0) return s.substring(from, i);
        }
        return s.substring(from);
    }

    private static String kindRead(String constraints, Map<String, Channel> bound) {
        Matcher m = KIND_PREFIX.matcher(constraints);
        if (m.find()) {
            // kind == ("lock:" + $key) and kind.startsWith("lock:") both mean every kind with that prefix
            String rest = constraints.substring(m.end()).stripLeading();
            if (constraints.substring(m.start(), m.end()).contains("startsWith") || rest.startsWith("+")) return m.group(1) + "*";
        }
        m = KIND_EXACT.matcher(constraints);
        if (m.find()) return m.group(1);
        m = KIND_OF_VAR.matcher(constraints);
        if (m.find() && bound.containsKey(m.group(1))) return bound.get(m.group(1)).kind();
        return ANY;
    }

    /** The kind a {@code new Reaches(fn, kind, ...)} writes: its second argument. */
    private static String kindWritten(String args, Map<String, Channel> bound) {
        List<String> parts = topLevel(args);
        if (parts.size() < 2) return ANY;
        String kind = parts.get(1).strip();
        if (kind.startsWith("\"")) {
            int end = kind.indexOf('"', 1);
            if (end < 0) return ANY;
            String lit = kind.substring(1, end);
            return kind.substring(end + 1).strip().startsWith("+") ? lit + "*" : lit;
        }
        Matcher v = KIND_OF_BOUND.matcher(kind);
        if (v.find() && bound.containsKey(v.group(1))) return bound.get(v.group(1)).kind();
        return ANY;
    }

    /** Splits an argument list at its top-level commas. */
    private static List<String> topLevel(String args) {
        List<String> out = new ArrayList<>();
        int depth = 0, start = 0;
        for (int i = 0; i < args.length(); i++) {
            char c = args.charAt(i);
            if (c == '"') {
                int end = args.indexOf('"', i + 1);
                if (end < 0) break;
                i = end;
            } else if (c == '(' || c == '[' || c == '{') depth++;
            else if (c == ')' || c == ']' || c == '}') depth--;
            else if (c == ',' && depth == 0) {
                out.add(args.substring(start, i));
                start = i + 1;
            }
        }
        out.add(args.substring(start));
        return out;
    }
}
