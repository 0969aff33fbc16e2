package asyncdoctor.workbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import asyncdoctor.TestSupport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `kb lint` in the build: the repository's kb/ passes, and each rule about rules catches what it should. */
class KbLintTest {
    @Test
    void theRepositoryKnowledgeBasePassesLint() {
        KbLint.Result r = KbLint.run(TestSupport.kbDir(), "kb");
        String errors = r.problems().stream().filter(p -> p.level().equals("error")).map(Object::toString)
                .collect(Collectors.joining("\n  "));
        assertTrue(r.rules() > 0 && r.examples() > 0);
        assertEquals(0, r.errors(), "kb lint errors (run `./asyncdoctor kb lint`):\n  " + errors);
    }

    static final String DRL = """
            package lint.demo;
            import asyncdoctor.facts.Call;
            global asyncdoctor.engine.Reporter report;
            rule "DM101"
            when
                $c : Call(resolved == "demo.slow")
            then
                report.finding(kcontext, $c);
            end
            rule "DM102"
            when
                $c : Call(resolved == "demo.slower")
            then
                report.finding(kcontext, $c);
            end
            rule "DM199"
            when
                $c : Call(resolved == "demo.undocumented")
            then
                report.finding(kcontext, $c);
            end
            """;

    static final String YAML = """
            category: demo-call
            rules:
              - id: DM101
                name: demo-slow
                severity: critical
                precision: high
                symptoms: [hang]
                aliases: [OLD1]
                since: 0.1.0
                summary: demo.slow blocks.
                symptom-link: {hang: "`{call}` blocks."}
                mechanism: It blocks.
                fix: Do not.
                doc: {what: Reports demo.slow., why: It blocks., example: "demo.slow()", instead: "await demo.aslow()"}
              - id: DM102
                name: Demo_Slower
                severity: fatal
                precision: high
                symptoms: [hang]
                aliases: [OLD1]
                since: "1"
                summary: demo.slower blocks.
                symptom-link: "`{call}` blocks."
                mechanism: It blocks.
                fix: Do not.
                colour: blue
                doc: {what: Reports demo.slower.}
              - id: DM103
                name: demo-nothing
                severity: warning
                precision: low
                symptoms: [hang]
                since: 0.1.0
                summary: never fires.
                symptom-link: x
                mechanism: x
                fix: x
                doc: {what: x, why: y}
            """;

    static final String EXAMPLE = """
            import demo

            async def f():
                demo.slow()  # expect: DM101
                demo.slower()  # expect: demo-call
            """;

    @Test
    void eachRuleAboutRulesReportsWhereAndWhat(@TempDir Path tmp) throws IOException {
        Path kb = tmp.resolve("kb");
        Files.createDirectories(kb.resolve("rules/demo-call/examples"));
        Files.writeString(kb.resolve("kb.marker"), "");
        Files.writeString(kb.resolve("rules/demo-call/demo-call.drl"), DRL);
        // The loader itself rejects unknown severities and symptom classes (lint shows its messages as they are).
        Files.writeString(kb.resolve("rules/demo-call/demo-call.yaml"), YAML);
        KbLint.Result broken = KbLint.run(kb, "kb");
        assertEquals(List.of("kb/rules/demo-call/demo-call.yaml:1:1: rule DM102: severity must be one of [critical, warning, suggestion]"),
                broken.problems().stream().map(Object::toString).toList());
        Files.writeString(kb.resolve("rules/demo-call/demo-call.yaml"), YAML.replace("severity: fatal", "severity: warning"));
        Files.writeString(kb.resolve("rules/demo-call/examples/demo.py"), EXAMPLE);
        Files.writeString(kb.resolve("rules/demo-call/examples/undoc.py"), "import demo\n\nasync def f():\n    demo.undocumented()\n");
        KbLint.Result r = KbLint.run(kb, "kb");
        List<String> msgs = r.problems().stream().map(Object::toString).toList();
        String all = String.join("\n", msgs);
        String yaml = "kb/rules/demo-call/demo-call.yaml";
        assertTrue(all.contains(yaml + ":11: error: DM101: `symptom-link` has no `default` text"), all);
        assertTrue(all.contains("DM102: alias OLD1 is also an alias of DM101") || all.contains("DM101: alias OLD1 is also an alias of DM102"), all);
        assertTrue(all.contains("DM102: name 'Demo_Slower' is not kebab-case"), all);
        assertTrue(all.contains("DM102: since '1' is not a version like 0.1.0"), all);
        assertTrue(all.contains("warning: DM102: unknown key `colour`"), all);
        assertTrue(all.contains("DM102: doc.why is missing"), all);
        assertTrue(all.contains("DM103: no DRL rule is named \"DM103\""), all);
        assertTrue(all.contains("DM103: no example shows it firing"), all);
        assertTrue(all.contains("DM101: no example shows it staying quiet"), all);
        assertTrue(all.contains("kb/rules/demo-call/demo-call.drl:16: error: rule \"DM199\" reports findings but has no metadata"), all);
        assertTrue(all.contains("kb/rules/demo-call/examples/undoc.py: error: example fails"), "the DM199 finding fails its example: " + all);
        assertTrue(!all.contains("DM101: no example shows it firing") && !all.contains("DM102: no example shows it firing"),
                "`# expect: DM101` and `# expect: demo-call` both count as positives: " + all);
        assertTrue(r.errors() >= 10, all);

        // With an `ok` line per category the negatives are there.
        Files.writeString(kb.resolve("rules/demo-call/examples/demo.py"), EXAMPLE + "\nasync def g():\n    await demo.aslow()  # ok: demo-call\n");
        String again = KbLint.run(kb, "kb").problems().stream().map(Object::toString).collect(Collectors.joining("\n"));
        assertTrue(!again.contains("DM101: no example shows it staying quiet"), again);
    }

    @Test
    void joinsOnBaseFactsByKeyAreFlaggedWithTheLookupToUse() {
        String drl = """
                rule "X1"
                when
                    $h : CatalogHit(catalog == "blocking", $id : call)
                    $c : Call(id == $id, awaited == false, $fn : fn)
                    not AwaitSite(line > $c.line, fn == $fn)
                    $f : Function(async == true) from facts.function($fn)
                    $g : Call(resolved == "asyncio.gather")
                    $e : CallEdge($caller : caller) from facts.edge($id)
                then
                    report.finding(kcontext, $c, new java.util.HashMap());
                end
                """;
        List<KbLint.Problem> problems = new java.util.ArrayList<>();
        KbLint.slowJoins("kb/rules/x/x.drl", drl, problems);
        List<String> msgs = problems.stream().map(Object::toString).toList();
        assertEquals(List.of(
                "kb/rules/x/x.drl:4: warning: rule \"X1\": Call(id == ...) joins every Call; write Call(...) from facts.call(...) (kb/README.md, Fast rules)",
                "kb/rules/x/x.drl:5: warning: rule \"X1\": AwaitSite(fn == ...) joins every AwaitSite; write AwaitSite(...) from facts.awaits(...) (kb/README.md, Fast rules)"),
                msgs);
    }

    @Test
    void joinsByModuleNameOrCallAreFlaggedToo() {
        String drl = """
                rule "X2"
                when
                    $c : Call(usage == "assign", $id : id, $m : module)
                    Assignment(call == $id, $t : target)
                    not NameUse(module == $m, name == $t)
                    not Function(qname == $c.resolved)
                    $imps : List() from collect(ImportAlias(module == $m))
                    not NameUse(usage == "return") from facts.nameUses($m, $t)
                then
                    report.finding(kcontext, $c, new java.util.HashMap());
                end
                """;
        List<KbLint.Problem> problems = new java.util.ArrayList<>();
        KbLint.slowJoins("kb/rules/x/x.drl", drl, problems);
        assertEquals(List.of("Assignment(...) from facts.assignmentsOf", "NameUse(...) from facts.nameUses",
                        "Function(...) from facts.functionsNamed", "ImportAlias(...) from facts.importsIn"),
                problems.stream().map(p -> p.toString().replaceAll(".*write (.*)\\(\\.\\.\\.\\) \\(kb.*", "$1")).toList());
    }
}
