package asyncdoctor.kb;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
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

    /** Where the compiled form of this KB is kept. */
    static Path entry(KnowledgeBase kb) {
        return asyncdoctor.parse.NativeLibraries.cacheRoot().resolve("kb")
                .resolve(kb.hash() + "-" + asyncdoctor.cache.BuildId.get() + ".bin");
    }

    static KieBase loadOrCompile(KnowledgeBase kb) throws KbException {
        Path file = entry(kb);
        Path dir = file.getParent();
        long t0 = asyncdoctor.util.Timings.now();
        KieBase cached = read(file, filter(kb));
        if (cached != null) {
            asyncdoctor.util.Timings.phase("  kb read from cache", t0);
            return cached;
        }
        KnowledgeBase.Compiled compiled = kb.compile();
        asyncdoctor.util.Timings.phase("  kb compiled", t0);
        write(dir, file, compiled);
        return compiled.kieBase();
    }

    @SuppressWarnings("unchecked")
    /**
     * Only classes of the rule engine, the JDK, this tool and the KB's own DRL packages are read
     * back: a cache file is data, and Java deserialization of anything else is refused.
     */
    private static java.io.ObjectInputFilter filter(KnowledgeBase kb) {
        StringBuilder allowed = new StringBuilder("java.**;org.drools.**;org.kie.**;org.mvel2.**;asyncdoctor.**;");
        for (String pkg : kb.drlPackages()) allowed.append(pkg).append(".**;");
        return java.io.ObjectInputFilter.Config.createFilter(allowed.append("!*").toString());
    }

    private static KieBase read(Path file, java.io.ObjectInputFilter filter) {
        if (!Files.isRegularFile(file)) return null;
        try (ObjectInputStream in = new ObjectInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            in.setObjectInputFilter(filter);
            Map<String, byte[]> classes = (Map<String, byte[]>) in.readObject();
            byte[] packages = (byte[]) in.readObject();
            ProjectClassLoader loader = ProjectClassLoader.createProjectClassLoader(KnowledgeBase.class.getClassLoader(), classes);
            List<KiePackage> pkgs;
            try (DroolsObjectInputStream din = new DroolsObjectInputStream(new ByteArrayInputStream(packages), loader)) {
                din.setObjectInputFilter(filter);
                pkgs = (List<KiePackage>) din.readObject();
            }
            return KnowledgeBase.newKieBase(loader, pkgs);
        } catch (IOException | ClassNotFoundException | RuntimeException | LinkageError e) {
            return null; // a stale or damaged entry: compile again
        }
    }

    private static void write(Path dir, Path file, KnowledgeBase.Compiled compiled) {
        try {
            Files.createDirectories(dir);
            ByteArrayOutputStream packages = new ByteArrayOutputStream();
            try (DroolsObjectOutputStream out = new DroolsObjectOutputStream(packages)) {
                out.writeObject(new ArrayList<>(compiled.packages()));
            }
            Path tmp = Files.createTempFile(dir, "kb", ".tmp");
            try (ObjectOutputStream out = new ObjectOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
                out.writeObject(new HashMap<>(compiled.generatedClasses()));
                out.writeObject(packages.toByteArray());
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            prune(dir);
        } catch (IOException | RuntimeException e) {
            // a read-only or full cache folder only costs the next run a compile
        }
    }

    /** Keeps the newest entries (one per KB version an analyst tried). */
    private static void prune(Path dir) throws IOException {
        List<Path> entries;
        try (Stream<Path> s = Files.list(dir)) {
            entries = new ArrayList<>(s.filter(p -> p.getFileName().toString().endsWith(".bin")).toList());
        }
        if (entries.size() <= KEEP) return;
        entries.sort((a, b) -> {
            try {
                return Files.getLastModifiedTime(b).compareTo(Files.getLastModifiedTime(a));
            } catch (IOException e) {
                return 0;
            }
        });
        for (Path old : entries.subList(KEEP, entries.size())) Files.deleteIfExists(old);
    }

}
