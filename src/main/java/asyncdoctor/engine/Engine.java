package asyncdoctor.engine;

import asyncdoctor.extract.FileFacts;
import asyncdoctor.facts.Call;
import asyncdoctor.facts.CatalogHit;
import asyncdoctor.facts.SymptomClass;
import asyncdoctor.facts.SymptomCue;
import asyncdoctor.kb.Catalog;
import asyncdoctor.kb.KbException;
import asyncdoctor.kb.KnowledgeBase;
import java.util.ArrayList;
import java.util.List;
import org.kie.api.runtime.KieSession;

/**
 * Puts the facts of the whole analyzed tree into one Drools session, so rules reason across
 * functions and modules, fires the knowledge base and hands back what the rules reported.
 */
public final class Engine {
    /** What one firing produced. */
    public record Result(List<Reporter.Raw> raws, String symptomClass, List<SymptomCue> cues, List<Object> derived) {}

    private final KnowledgeBase kb;

    public Engine(KnowledgeBase kb) {
        this.kb = kb;
    }

    public Result run(List<FileFacts> files, List<Object> extraFacts) throws KbException {
        return run(files, extraFacts, kb.catalogs());
    }

    /**
     * The same with these API catalogs instead of the KB's own (the KB's plus a project's extra
     * blocking APIs from [tool.asyncdoctor] blocking-apis).
     */
    public Result run(List<FileFacts> files, List<Object> extraFacts, java.util.Map<String, Catalog> catalogs) throws KbException {
        KieSession session = kb.kieBase().newKieSession();
        long ti = asyncdoctor.util.Timings.now();
        Reporter reporter = new Reporter();
        try {
            try {
                session.setGlobal("report", reporter);
            } catch (RuntimeException noRuleDeclaresIt) {
                // A KB without finding rules (an analyst's scratch copy) declares no `report` global.
            }
            for (FileFacts ff : files) {
                for (Object f : ff.facts()) {
                    session.insert(f);
                    if (f instanceof Call c) {
                        for (Catalog cat : catalogs.values()) {
                            Catalog.Entry e = cat.match(c.resolved());
                            if (e == null) e = cat.matchMethod(c.callee());
                            if (e != null && e.defusedBy(c.args(), c.keywordValues())) e = null;
                            if (e != null) session.insert(new CatalogHit(c.id(), cat.name(), e.name(), e.kind(), e.severity(), e.replacement()));
                        }
                    }
                }
            }
            for (Object f : extraFacts) session.insert(f);
            asyncdoctor.util.Timings.phase("  insert", ti);
            asyncdoctor.util.Timings.note("  facts in session: " + session.getFactCount());
            long tf = asyncdoctor.util.Timings.now();
            RuleProfile profile = RuleProfile.attachIfRequested(session);
            session.fireAllRules();
            if (profile != null) profile.print();
            asyncdoctor.util.Timings.phase("  fire", tf);
            String cls = "unknown";
            List<SymptomCue> cues = new ArrayList<>();
            List<Object> derived = new ArrayList<>();
            for (Object o : session.getObjects()) {
                if (o instanceof SymptomClass sc) cls = sc.value();
                else if (o instanceof SymptomCue cue) cues.add(cue);
                else if (o.getClass().getPackageName().equals("asyncdoctor.snapshot") || o instanceof asyncdoctor.facts.Reaches) derived.add(o);
            }
            return new Result(reporter.raws(), cls, cues, derived);
        } finally {
            session.dispose();
        }
    }
}
