package asyncdoctor.kb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import asyncdoctor.TestSupport;
import asyncdoctor.api.AnalysisRequest;
import asyncdoctor.api.Analyzer;
import asyncdoctor.report.JsonReport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The KB splits into groups that never read what another group inserts. */
class RuleGroupsTest {
    private static String rule(String name, String when, String then) {
        return "rule \"" + name + "\"\nwhen\n" + when + "\nthen\n" + then + "\nend\n";
    }

    @Test
    void aReaderStaysWithTheWriterOfWhatItReads() {
        Map<String, String> drl = new TreeMap<>();
        drl.put("a.drl", rule("A", "    $c : Call()", "    insert(new Flag($c.id()));"));
        drl.put("b.drl", rule("B", "    Flag($id : call)", "    report.finding(kcontext, null);"));
        drl.put("c.drl", rule("C", "    Call()", "    report.finding(kcontext, null);"));
        assertEquals(List.of(List.of("a.drl", "b.drl"), List.of("c.drl")), RuleGroups.of(drl, 2));
        assertEquals(List.of(List.of("a.drl", "b.drl", "c.drl")), RuleGroups.of(drl, 1));
    }

    @Test
    void oddlyWrittenRulesAndUnreadableChangesNeverSplitWhatMustStayTogether() {
        Map<String, String> drl = new TreeMap<>();
        drl.put("a.drl", "package x;\nrule A when\n    $c : Call()\n  then\n    insert(new Flag($c.id()));\nend\n");
        drl.put("b.drl", "package x;\nrule 'B'\n  when Flag($id : call)\n  then report.finding(kcontext, null);\nend\n");
        drl.put("c.drl", rule("C", "    Call()", "    report.finding(kcontext, null);"));
        assertEquals(List.of(List.of("a.drl", "b.drl"), List.of("c.drl")), RuleGroups.of(drl, 2));

        // a change the analysis cannot read may touch anything another file reads
        drl.put("d.drl", rule("D", "    $c : Call()", "    Object o = new Other(); insert(o);"));
        drl.put("e.drl", rule("E", "    Other()", "    report.finding(kcontext, null);"));
        drl.put("f.drl", rule("F", "    $f : Flag()", "    modify($f) { setSeen(true) };"));
        List<List<String>> groups = RuleGroups.of(drl, 2);
        assertTrue(groups.stream().anyMatch(g -> g.containsAll(List.of("a.drl", "b.drl", "d.drl", "e.drl", "f.drl"))), groups.toString());
        assertEquals(1, groups.size(), "an insert of unknown type may be read by any pattern");

        // retracting a bound fact changes that fact's type only
        Map<String, String> bound = new TreeMap<>();
        bound.put("h.drl", rule("H", "    $s : Slow(callback == \"x\")", "    retract($s);"));
        bound.put("i.drl", rule("I", "    Slow()", "    report.finding(kcontext, null);"));
        bound.put("j.drl", rule("J", "    Call()", "    report.finding(kcontext, null);"));
        assertEquals(List.of(List.of("h.drl", "i.drl"), List.of("j.drl")), RuleGroups.of(bound, 2));

        // a method that merely shares a name (md.update(...)) is not a change
        drl.keySet().retainAll(List.of("a.drl", "b.drl"));
        drl.put("g.drl", "package x;\nfunction void h(java.security.MessageDigest md) { md.update(new byte[0]); }\n"
                + rule("G", "    Call()", "    report.finding(kcontext, null);"));
        assertEquals(List.of(List.of("a.drl", "b.drl"), List.of("g.drl")), RuleGroups.of(drl, 2));
    }

    @Test
    void reachesKindsAreSeparateChannels() {
        Map<String, String> drl = new TreeMap<>();
        drl.put("blocking.drl", rule("B1", "    $c : Call()", "    insert(new Reaches($c.fn(), \"blocking\", $c.id(), $c.id(), List.of()));")
                + rule("B2", "    $r : Reaches(kind == \"blocking\", $callee : fn)\n    not Reaches(kind == \"blocking\", fn == $callee)",
                        "    insert(new Reaches($callee, \"blocking\", null, null, List.of()));"));
        drl.put("locks.drl", rule("L1", "    $h : Held()", "    insert(new Reaches($h.fn(), \"lock:\" + $h.key(), null, null, List.of()));")
                + rule("L2", "    $r : Reaches(kind.startsWith(\"lock:\"), $callee : fn)\n    not Reaches(fn == $callee, kind == $r.kind)",
                        "    insert(new Reaches($callee, $r.kind(), null, null, List.of()));")
                + rule("L0", "    $c : Call()", "    insert(new Held($c.id()));"));
        drl.put("use-blocking.drl", rule("U1", "    Reaches(kind == \"blocking\")", "    report.finding(kcontext, null);"));
        drl.put("use-locks.drl", "// reads Reaches(kind \"lock:<key>\") /* and Reaches(anything) */\n"
                + rule("U2", "    Reaches(kind == (\"lock:\" + $k)) // not Reaches(x)", "    report.finding(kcontext, null); // http://x"));
        assertEquals(List.of(List.of("blocking.drl", "use-blocking.drl"), List.of("locks.drl", "use-locks.drl")), RuleGroups.of(drl, 2));

        // a read whose kind cannot be told joins every writer of Reaches
        drl.put("use-any.drl", rule("U3", "    Reaches(kind == someKind())", "    report.finding(kcontext, null);"));
        assertEquals(1, RuleGroups.of(drl, 2).size());
    }

    @Test
    void measuredCostsDecideTheBalanceRuleCountsOnlyWhenNoneAreGiven() {
        Map<String, String> drl = new TreeMap<>();
        // by rule count: big (3 rules) alone, the two others together
        drl.put("big.drl", rule("B1", "    Call()", "    report.finding(kcontext, null);") + rule("B2", "    Call()", "    report.finding(kcontext, null);")
                + rule("B3", "    Call()", "    report.finding(kcontext, null);"));
        drl.put("mid.drl", rule("M1", "    Call()", "    report.finding(kcontext, null);") + rule("M2", "    Call()", "    report.finding(kcontext, null);"));
        drl.put("small.drl", rule("S1", "    Call()", "    report.finding(kcontext, null);"));
        assertEquals(List.of(List.of("big.drl"), List.of("mid.drl", "small.drl")), RuleGroups.of(drl, 2));
        // measured: small is the slow one, so it fires alone
        assertEquals(List.of(List.of("big.drl", "mid.drl"), List.of("small.drl")),
                RuleGroups.of(drl, 2, Map.of("big.drl", 100, "mid.drl", 150, "small.drl", 900)));
        // a file without a measurement weighs 20 ms per rule beside the measured ones
        assertEquals(List.of(List.of("big.drl"), List.of("mid.drl", "small.drl")),
                RuleGroups.of(drl, 2, Map.of("mid.drl", 10, "small.drl", 10)));
    }

    @Test
    void anInvalidCostsFileIsAnErrorNamingItsLine() throws Exception {
        Path dir = Files.createTempDirectory("kb-costs");
        try (var s = Files.walk(TestSupport.kbDir())) {
            for (Path p : s.toList()) {
                Path t = dir.resolve(TestSupport.kbDir().relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t); else Files.copy(p, t, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.writeString(dir.resolve("costs.yaml"), "costs:\n  derived/locks.drl: 120\n  derived/coroutines.drl: fast\n");
        KbException e = org.junit.jupiter.api.Assertions.assertThrows(KbException.class, () -> KnowledgeBase.load(dir, "mykb"));
        assertTrue(e.messages().stream().anyMatch(m -> m.startsWith("mykb/costs.yaml:3:") && m.contains("derived/coroutines.drl")), e.messages().toString());
        Files.writeString(dir.resolve("costs.yaml"), "- 1\n");
        e = org.junit.jupiter.api.Assertions.assertThrows(KbException.class, () -> KnowledgeBase.load(dir, "mykb"));
        assertTrue(e.messages().stream().anyMatch(m -> m.startsWith("mykb/costs.yaml:1:")), e.messages().toString());
        Files.writeString(dir.resolve("costs.yaml"), "costs:\n  derived/locks.drl: 120\n");
        assertEquals(2, KnowledgeBase.load(dir, "mykb").groups().size());
    }

    @Test
    void theShippedKbSplitsIntoTwoGroupsThatShareNothingDerived() throws Exception {
        Path kb = Path.of("kb");
        Map<String, String> drl = new TreeMap<>();
        try (var files = Files.walk(kb)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".drl")).toList()) drl.put(kb.relativize(p).toString(), Files.readString(p));
        }
        List<List<String>> groups = RuleGroups.of(drl, 2);
        System.out.println("groups: " + groups);
        assertEquals(2, groups.size());
        assertEquals(drl.size(), groups.get(0).size() + groups.get(1).size());
        // what a finding rule reads comes from its own group
        for (List<String> g : groups) {
            if (g.contains("rules/blocking-call/blocking-call.drl")) assertTrue(g.contains("derived/blocking.drl"));
            if (g.contains("rules/missing-await/missing-await.drl")) assertTrue(g.contains("derived/coroutines.drl"));
            if (g.contains("rules/lock-reentry/lock-reentry.drl")) assertTrue(g.contains("derived/locks.drl"));
            if (g.contains("rules/session-per-request/session-per-request.drl")) assertTrue(g.contains("derived/per-item.drl"));
            if (g.contains("rules/runtime/runtime.drl")) assertTrue(g.contains("snapshot/locks.drl"));
        }
    }

    /** The KB's own examples and the bundled service, with one session and with parallel groups. */
    private static String report(int groups, int threads) throws Exception {
        String old = System.getProperty("asyncdoctor.groups");
        System.setProperty("asyncdoctor.groups", String.valueOf(groups));
        try {
            KnowledgeBase kb = KnowledgeBase.load(TestSupport.kbDir(), "kb");
            assertEquals(groups, kb.ruleBases().size());
            AnalysisRequest.Builder req = AnalysisRequest.builder().cache(false).threads(threads).symptom("the service hangs")
                    .path(TestSupport.root().resolve("examples/jobs-service"));
            try (var files = Files.walk(TestSupport.kbDir().resolve("rules"))) {
                for (Path p : files.filter(f -> f.toString().endsWith(".py")).sorted().toList()) req.path(p);
            }
            return JsonReport.render(new Analyzer(kb).analyze(req.build()));
        } finally {
            if (old == null) System.clearProperty("asyncdoctor.groups"); else System.setProperty("asyncdoctor.groups", old);
        }
    }

    @Test
    void groupsFiredApartFindWhatOneSessionFinds() throws Exception {
        String one = report(1, 2);
        assertTrue(one.contains("AD102") && one.contains("AD201") && one.contains("AD501"), "the examples cover several groups");
        assertEquals(one, report(2, 2));
        assertEquals(one, report(2, 1));
    }
}
