package asyncdoctor.kb;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.drools.base.common.DroolsObjectInputStream;
import org.drools.base.common.DroolsObjectOutputStream;
import org.drools.wiring.api.classloader.ProjectClassLoader;
import org.kie.api.KieBase;
import org.kie.api.definition.KiePackage;

/**
 * Compiled knowledge bases on disk, keyed by the KB's content hash and the tool build: compiling the
 * DRL (parsing, MVEL analysis, compiling consequences) takes seconds on a cold JVM, while reading the
 * compiled packages back and building the network from them takes a fraction of that, which is what
 * a one-file pre-commit run needs. Stored as the packages serialized by Drools plus the classes
 * generated for them (declared types, consequences). Anything unreadable is ignored and recompiled.
 */
final class CompiledKbCache {
    private static final int KEEP = 8;

    private CompiledKbCache() {}

    /** Where the compiled form of this KB is kept (its rule groups depend only on its content and the group limit). */
    static Path entry(KnowledgeBase kb) {
        return asyncdoctor.parse.NativeLibraries.cacheRoot().resolve("kb")
                .resolve(kb.hash() + "-" + asyncdoctor.cache.BuildId.get() + "-g" + KnowledgeBase.maxGroups() + ".bin");
    }

    /** One rule base per rule group of the KB, read from the cache or compiled (and then cached). */
    static List<KieBase> loadOrCompile(KnowledgeBase kb) throws KbException {
        Path file = entry(kb);
        Path dir = file.getParent();
        long t0 = asyncdoctor.util.Timings.now();
        java.io.ObjectInputFilter filter = filter(kb);
        Stored cached = read(file, filter);
        if (cached != null) {
            List<KieBase> bases = cached.bases(filter);
            if (bases != null) {
                asyncdoctor.util.Timings.phase("  kb read from cache (" + bases.size() + " rule groups)", t0);
                return bases;
            }
        }
        KnowledgeBase.Compiled compiled = kb.compile();
        Stored stored;
        try {
            stored = split(compiled, kb.groups(), filter);
        } catch (IOException | ClassNotFoundException e) {
            throw new KbException(List.of(kb.displayRoot() + ": cannot split the rules into groups: " + e));
        }
        // Built from the stored form, so a first run fires exactly what later runs read back.
        List<KieBase> bases = stored.bases(filter);
        if (bases == null) throw new KbException(List.of(kb.displayRoot() + ": cannot build the rule groups"));
        asyncdoctor.util.Timings.phase("  kb compiled (" + bases.size() + " rule groups)", t0);
        write(dir, file, stored);
        return bases;
    }

    /** The generated classes and, per rule group, the serialized packages holding only that group's rules. */
    private record Stored(Map<String, byte[]> classes, List<byte[]> groups) {
        /** The rule bases, or null when a group cannot be read back. */
        List<KieBase> bases(java.io.ObjectInputFilter filter) {
            try {
                ProjectClassLoader loader = ProjectClassLoader.createProjectClassLoader(KnowledgeBase.class.getClassLoader(), classes);
                List<KieBase> out = new ArrayList<>();
                for (byte[] g : groups) out.add(KnowledgeBase.newKieBase(loader, packages(g, loader, filter)));
                return out;
            } catch (IOException | ClassNotFoundException | RuntimeException | LinkageError e) {
                return null;
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<KiePackage> packages(byte[] serialized, ClassLoader loader, java.io.ObjectInputFilter filter)
            throws IOException, ClassNotFoundException {
        try (DroolsObjectInputStream din = new DroolsObjectInputStream(new ByteArrayInputStream(serialized), loader)) {
            din.setObjectInputFilter(filter);
            return (List<KiePackage>) din.readObject();
        }
    }

    private static byte[] serialize(List<KiePackage> packages) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DroolsObjectOutputStream out = new DroolsObjectOutputStream(bytes)) {
            out.writeObject(new ArrayList<>(packages));
        }
        return bytes.toByteArray();
    }

    /**
     * Per group, a copy of the compiled packages without the other groups' rules (a copy made by
     * serializing: Drools packages belong to one rule base). Functions, globals and declared types
     * stay in every copy.
     */
    private static Stored split(KnowledgeBase.Compiled compiled, List<List<String>> groups, java.io.ObjectInputFilter filter)
            throws IOException, ClassNotFoundException {
        byte[] all = serialize(new ArrayList<>(compiled.packages()));
        if (groups.size() <= 1) return new Stored(compiled.generatedClasses(), List.of(all));
        ProjectClassLoader loader = ProjectClassLoader.createProjectClassLoader(KnowledgeBase.class.getClassLoader(), compiled.generatedClasses());
        List<byte[]> out = new ArrayList<>();
        for (List<String> group : groups) {
            java.util.Set<String> files = new java.util.HashSet<>(group);
            List<KiePackage> copy = packages(all, loader, filter);
            for (KiePackage p : copy) {
                var pkg = (org.drools.base.definitions.InternalKnowledgePackage) p;
                // removeRule() unwires the rule's generated classes: wire them first, as a rule base would.
                pkg.getDialectRuntimeRegistry().onAdd(loader);
                pkg.getDialectRuntimeRegistry().onBeforeExecute();
                for (var rule : List.copyOf(pkg.getRules())) {
                    var r = (org.drools.base.definitions.rule.impl.RuleImpl) rule;
                    String source = r.getResource() == null ? null : r.getResource().getSourcePath();
                    if (source != null && !files.contains(source)) pkg.removeRule(r);
                }
            }
            out.add(serialize(copy));
        }
        return new Stored(compiled.generatedClasses(), out);
    }

    /**
     * Only classes of the rule engine, the JDK, this tool and the KB's own DRL packages are read
     * back: a cache file is data, and Java deserialization of anything else is refused.
     */
    private static java.io.ObjectInputFilter filter(KnowledgeBase kb) {
        StringBuilder allowed = new StringBuilder("java.**;org.drools.**;org.kie.**;org.mvel2.**;asyncdoctor.**;");
        for (String pkg : kb.drlPackages()) allowed.append(pkg).append(".**;");
        return java.io.ObjectInputFilter.Config.createFilter(allowed.append("!*").toString());
    }

    @SuppressWarnings("unchecked")
    private static Stored read(Path file, java.io.ObjectInputFilter filter) {
        if (!Files.isRegularFile(file)) return null;
        try (ObjectInputStream in = new ObjectInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            in.setObjectInputFilter(filter);
            Map<String, byte[]> classes = (Map<String, byte[]>) in.readObject();
            List<byte[]> groups = (List<byte[]>) in.readObject();
            return new Stored(classes, groups);
        } catch (IOException | ClassNotFoundException | RuntimeException | LinkageError e) {
            return null; // a stale or damaged entry: compile again
        }
    }

    private static void write(Path dir, Path file, Stored stored) {
        try {
            asyncdoctor.util.AtomicFiles.write(file, tmp -> {
                try (ObjectOutputStream out = new ObjectOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
                    out.writeObject(new HashMap<>(stored.classes()));
                    out.writeObject(new ArrayList<>(stored.groups()));
                }
            });
            // the newest entries: one per KB version an analyst tried
            asyncdoctor.util.AtomicFiles.keepNewest(dir, ".bin", KEEP);
        } catch (IOException | RuntimeException e) {
            // a read-only or full cache folder only costs the next run a compile
        }
    }
}
