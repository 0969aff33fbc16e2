package asyncdoctor;

import asyncdoctor.api.Analyzer;
import asyncdoctor.kb.KbException;
import asyncdoctor.kb.KnowledgeBase;
import java.nio.file.Path;

/** Shared test fixtures: the repository root and one analyzer over the repository's kb/. */
public final class TestSupport {
    private static volatile Analyzer analyzer;

    private TestSupport() {}

    public static Path root() {
        return Path.of(System.getProperty("asyncdoctor.root", ".")).toAbsolutePath().normalize();
    }

    public static Path kbDir() { return root().resolve("kb"); }

    public static synchronized Analyzer analyzer() {
        if (analyzer == null) {
            try {
                analyzer = new Analyzer(KnowledgeBase.load(kbDir(), "kb"));
            } catch (KbException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }
        return analyzer;
    }
}
