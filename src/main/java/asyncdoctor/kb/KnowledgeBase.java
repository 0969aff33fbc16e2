package asyncdoctor.kb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.kie.api.KieBase;
import org.kie.api.KieServices;

/**
 * The knowledge base, read from a folder at run time so analysts can edit it without rebuilding:
 * every *.drl below it (rules/, derived/, symptoms/), the rule metadata YAML beside each rule DRL,
 * the API catalogs (catalogs/*.yaml), the symptom cues and the snapshot requests.
 */
public final class KnowledgeBase {
    public static final List<String> SEVERITIES = List.of("critical", "warning", "suggestion");
    public static final List<String> SYMPTOM_CLASSES = List.of("hang", "loop-blocked", "silent-task-death",
            "cancellation", "resource-leak");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final String displayRoot;
    private final Map<String, String> files;
    private final Map<String, RuleMeta> rules;
    private final Map<String, String> aliases;
    private final Map<String, Catalog> catalogs;
    private final JsonNode cues;
    private final JsonNode snapshotRequests;
    /** kb/costs.yaml: measured firing cost (ms) by DRL file, for balancing the rule groups. */
    private final Map<String, Integer> costs;
    private final String hash;
    private volatile List<KieBase> ruleBases;

    /** --kb-extra folders: "extra/N/" key prefix -> how the user named the folder. */
    private final Map<String, String> extraRoots;

    private KnowledgeBase(String displayRoot, Map<String, String> files) throws KbException {
        this(displayRoot, files, Map.of());
    }

    private KnowledgeBase(String displayRoot, Map<String, String> files, Map<String, String> extraRoots) throws KbException {
        this.displayRoot = displayRoot;
        this.files = files;
        this.extraRoots = Map.copyOf(extraRoots);
        List<String> errors = new ArrayList<>();
        Map<String, RuleMeta> rules = new TreeMap<>();
        Map<String, String> aliases = new TreeMap<>();
        Map<String, Catalog> catalogs = new TreeMap<>();
        JsonNode cues = null;
        JsonNode snaps = null;
        Map<String, Integer> costs = new TreeMap<>();
        for (var e : files.entrySet()) {
            String rel = kbRelative(e.getKey());
            if (!rel.endsWith(".yaml") && !rel.endsWith(".yml")) continue;
            JsonNode doc;
            try {
                doc = YAML.readTree(e.getValue());
            } catch (IOException ex) {
                errors.add(display(e.getKey()) + ":" + yamlLine(ex) + ": invalid YAML: " + firstLine(ex.getMessage()));
                continue;
            }
            if (doc == null) continue;
            try {
                if (rel.startsWith("rules/")) {
                    for (RuleMeta m : RuleMetaReader.read(doc, display(e.getKey()))) {
                        if (rules.containsKey(m.id())) errors.add(display(e.getKey()) + ":1:1: duplicate rule id " + m.id());
                        rules.put(m.id(), m);
                        for (String a : m.aliases()) aliases.put(a, m.id());
                    }
                } else if (rel.startsWith("catalogs/")) {
                    String name = rel.substring("catalogs/".length()).replaceAll("\\.ya?ml$", "");
                    Catalog read = CatalogReader.read(name, doc, display(e.getKey()));
                    Catalog before = catalogs.get(name);
                    if (before != null) {
                        // A --kb-extra catalog of the same name adds entries (its own win on equal names).
                        List<Catalog.Entry> all = new ArrayList<>(before.entries());
                        all.addAll(read.entries());
                        read = new Catalog(name, all);
                    }
                    catalogs.put(name, read);
                } else if (rel.equals("symptoms/cues.yaml")) {
                    cues = doc;
                } else if (rel.equals("snapshots/requests.yaml")) {
                    snaps = doc;
                } else if (rel.equals("costs.yaml")) {
                    readCosts(doc, e.getValue(), display(e.getKey()), costs, errors);
                }
            } catch (IllegalArgumentException ex) {
                errors.add(ex.getMessage());
            }
        }
        if (!errors.isEmpty()) throw new KbException(errors);
        this.rules = Collections.unmodifiableMap(rules);
        this.aliases = Collections.unmodifiableMap(aliases);
        this.catalogs = Collections.unmodifiableMap(catalogs);
        this.cues = cues;
        this.snapshotRequests = snaps;
        this.costs = Collections.unmodifiableMap(costs);
        this.hash = hashOf(files);
    }

    /** Loads the KB from a folder; `display` is how its paths appear in messages (as the user gave it). */
    public static KnowledgeBase load(Path dir, String display) throws KbException {
        if (!Files.isDirectory(dir)) throw new KbException(List.of(display + ": not a knowledge-base folder"));
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted()::iterator) {
                String name = p.getFileName().toString();
                if (!Files.isRegularFile(p) || !(name.endsWith(".drl") || name.endsWith(".yaml") || name.endsWith(".yml"))) continue;
                String rel = dir.relativize(p).toString().replace('\\', '/');
                files.put(rel, Files.readString(p, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new KbException(List.of(display + ": cannot read: " + e.getMessage()));
        }
        return new KnowledgeBase(display, files);
    }

    /** Loads the KB copy bundled in the jar (for `java -jar` without a kb/ folder). */
    public static KnowledgeBase bundled() throws KbException {
        try {
            URL url = KnowledgeBase.class.getClassLoader().getResource("kb/kb.marker");
            if (url == null) throw new KbException(List.of("kb: no knowledge base bundled in the jar; pass --kb DIR"));
            URI uri = url.toURI();
            if (uri.getScheme().equals("jar")) {
                FileSystem fs;
                try {
                    fs = FileSystems.newFileSystem(uri, Map.of());
                } catch (java.nio.file.FileSystemAlreadyExistsException e) {
                    fs = FileSystems.getFileSystem(uri);
                }
                return load(fs.getPath("/kb"), "kb");
            }
            return load(Path.of(uri).getParent(), "kb");
        } catch (IOException | java.net.URISyntaxException e) {
            throw new KbException(List.of("kb: cannot open the bundled knowledge base: " + e.getMessage()));
        }
    }

    /**
     * Adds the files of another folder (--kb-extra): its rules, derived DRL, rule metadata and
     * symptom/snapshot files join the base's; a catalog of the same name adds its entries.
     */
    public KnowledgeBase plus(Path dir, String display) throws KbException {
        KnowledgeBase extra = load(dir, display);
        Map<String, String> merged = new TreeMap<>(files);
        Map<String, String> roots = new TreeMap<>(extraRoots);
        String prefix = "extra/" + roots.size() + "/";
        roots.put(prefix, display);
        for (var e : extra.files.entrySet()) {
            merged.put(prefix + e.getKey(), e.getValue());
        }
        return new KnowledgeBase(displayRoot, merged, roots);
    }

    /**
     * Compiles the DRL (once per instance), or reads the compiled packages from the cache of
     * compiled KBs (keyed by KB content and tool build, like the JVM's class cache; it is not part
     * of the analysis caches that --no-cache turns off). Errors name the analyst's file, line and column.
     * One rule base per group of {@link #groups()}: the engine fires each in its own session.
     */
    public List<KieBase> ruleBases() throws KbException {
        if (ruleBases == null) {
            synchronized (this) {
                if (ruleBases == null) ruleBases = List.copyOf(CompiledKbCache.loadOrCompile(this));
            }
        }
        return ruleBases;
    }

    /** Whether {@link #ruleBases} only has to read the compiled rules back (or has them already), not compile them. */
    public boolean compiledFormCached() {
        return ruleBases != null || java.nio.file.Files.isRegularFile(CompiledKbCache.entry(this));
    }

    /** How many groups the rules are split into at most: -Dasyncdoctor.groups (1 keeps one session). */
    public static int maxGroups() {
        try {
            return Math.max(1, Integer.parseInt(System.getProperty("asyncdoctor.groups", "2")));
        } catch (NumberFormatException e) {
            return 2;
        }
    }

    /**
     * The DRL files (by their keys in {@link #files()}) in groups whose rules never read what
     * another group's rules insert (see {@link RuleGroups}), so each group can fire in its own
     * session, on its own core.
     */
    public List<List<String>> groups() {
        Map<String, String> drl = new java.util.TreeMap<>();
        for (var e : files.entrySet()) if (e.getKey().endsWith(".drl")) drl.put(e.getKey(), e.getValue());
        Map<String, Integer> byKey = new java.util.TreeMap<>();
        for (String key : drl.keySet()) {
            Integer ms = costs.get(kbRelative(key));
            if (ms != null) byKey.put(key, ms);
        }
        return RuleGroups.of(drl, maxGroups(), byKey);
    }

    /** The DRL files kb/costs.yaml names, by their path inside the KB folder (kb lint checks they exist). */
    public java.util.Set<String> costedFiles() { return costs.keySet(); }

    /** `costs:` maps DRL paths (relative to the KB folder) to milliseconds; anything else is an error naming its line. */
    private static void readCosts(JsonNode doc, String text, String shown, Map<String, Integer> out, List<String> errors) {
        JsonNode map = doc.get("costs");
        if (map == null || !map.isObject()) {
            errors.add(shown + ":1: `costs` must map DRL files to milliseconds (see kb/README.md)");
            return;
        }
        for (var it = map.fields(); it.hasNext(); ) {
            var f = it.next();
            if (!f.getValue().canConvertToInt() || !f.getValue().isIntegralNumber() || f.getValue().intValue() < 0) {
                errors.add(shown + ":" + lineOfKey(text, f.getKey()) + ": the cost of " + f.getKey() + " must be a whole number of milliseconds, not `" + f.getValue() + "`");
            } else {
                out.put(f.getKey(), f.getValue().intValue());
            }
        }
    }

    /** The line (from 1) where a YAML mapping key is written, 1 when it is not found. */
    public static int lineOfKey(String text, String key) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) if (lines[i].trim().startsWith(key + ":")) return i + 1;
        return 1;
    }

    /** The `package` names declared by the KB's DRL files. */
    List<String> drlPackages() {
        List<String> out = new ArrayList<>();
        java.util.regex.Pattern p = java.util.regex.Pattern.compile("(?m)^\\s*package\\s+([\\w.]+)");
        for (var e : files.entrySet()) {
            if (!e.getKey().endsWith(".drl")) continue;
            java.util.regex.Matcher m = p.matcher(e.getValue());
            if (m.find() && !out.contains(m.group(1))) out.add(m.group(1));
        }
        return out;
    }

    /** Compiled packages plus the classes generated for them (declared types, consequences). */
    record Compiled(java.util.Collection<org.kie.api.definition.KiePackage> packages,
                    Map<String, byte[]> generatedClasses) {}

    Compiled compile() throws KbException {
        var loader = org.drools.wiring.api.classloader.ProjectClassLoader.createProjectClassLoader(KnowledgeBase.class.getClassLoader());
        var builder = org.kie.internal.builder.KnowledgeBuilderFactory.newKnowledgeBuilder(
                org.kie.internal.builder.KnowledgeBuilderFactory.newKnowledgeBuilderConfiguration(null, loader));
        // One batch: a type declared in one file is used by rules of another.
        var batch = builder.batch();
        for (var e : files.entrySet()) {
            if (!e.getKey().endsWith(".drl")) continue;
            org.kie.api.io.Resource r = org.kie.internal.io.ResourceFactory.newByteArrayResource(e.getValue().getBytes(StandardCharsets.UTF_8));
            r.setSourcePath(e.getKey());
            batch.add(r, org.kie.api.io.ResourceType.DRL);
        }
        batch.build();
        List<String> errors = new ArrayList<>();
        for (var m : builder.getResults(org.kie.internal.builder.ResultSeverity.ERROR)) {
            String path = m.getResource() == null || m.getResource().getSourcePath() == null ? "" : m.getResource().getSourcePath();
            int[] lines = m.getLines();
            int line = lines != null && lines.length > 0 ? lines[0] : 1;
            int column = m instanceof org.drools.drl.parser.ParserError pe ? pe.getCol() : 1;
            String text = m.getMessage() == null ? "" : m.getMessage().replaceAll("\\s+", " ").trim();
            errors.add(display(path) + ":" + Math.max(line, 1) + ":" + Math.max(column, 1) + ": " + text);
        }
        if (!errors.isEmpty()) throw new KbException(errors);
        var packages = builder.getKnowledgePackages();
        return new Compiled(packages, loader.getStore() == null ? Map.of() : Map.copyOf(loader.getStore()));
    }

    static KieBase newKieBase(ClassLoader loader, java.util.Collection<org.kie.api.definition.KiePackage> packages) {
        var base = org.drools.kiesession.rulebase.KnowledgeBaseFactory.newKnowledgeBase(
                KieServices.Factory.get().newKieBaseConfiguration(null, loader));
        base.addPackages(packages);
        return base;
    }

    /** The path inside a KB folder: "rules/x/x.yaml" also for a --kb-extra file stored as "extra/0/rules/x/x.yaml". */
    private String kbRelative(String key) {
        for (String prefix : extraRoots.keySet()) {
            if (key.startsWith(prefix)) return key.substring(prefix.length());
        }
        return key;
    }

    private String display(String rel) {
        for (var r : extraRoots.entrySet()) {
            if (rel.startsWith(r.getKey())) {
                String root = r.getValue();
                return (root.endsWith("/") ? root : root + "/") + rel.substring(r.getKey().length());
            }
        }
        if (rel.startsWith("extra/")) return rel.substring("extra/".length());
        return displayRoot.endsWith("/") ? displayRoot + rel : displayRoot + "/" + rel;
    }

    private static int yamlLine(IOException e) {
        if (e instanceof com.fasterxml.jackson.core.JsonProcessingException jp && jp.getLocation() != null) {
            return Math.max(1, jp.getLocation().getLineNr()) ;
        }
        return 1;
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int i = s.indexOf('\n');
        return i < 0 ? s : s.substring(0, i);
    }

    private static String hashOf(Map<String, String> files) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (var e : files.entrySet()) {
                md.update(e.getKey().getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
                md.update(e.getValue().getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 20);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public String displayRoot() { return displayRoot; }

    /** Relative path -> text of every KB file. */
    public Map<String, String> files() { return files; }

    public Map<String, RuleMeta> rules() { return rules; }

    /** A rule by id or alias, or null. */
    public RuleMeta rule(String idOrAlias) {
        RuleMeta m = rules.get(idOrAlias);
        if (m != null) return m;
        String id = aliases.get(idOrAlias);
        return id == null ? null : rules.get(id);
    }

    public Map<String, Catalog> catalogs() { return catalogs; }

    public JsonNode cues() { return cues; }

    public JsonNode snapshotRequests() { return snapshotRequests; }

    /** Content hash of every KB file: part of the cache key. */
    public String hash() { return hash; }
}
