package asyncdoctor.kb;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import asyncdoctor.TestSupport;
import asyncdoctor.workbench.ExampleRunner;
import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every annotated example beside the rules in kb/rules/**&#47;examples runs as one test. */
class KbExamplesTest {
    @TestFactory
    Stream<DynamicTest> examples() throws IOException {
        List<ExampleRunner.Case> cases = ExampleRunner.cases(TestSupport.kbDir());
        assertFalse(cases.isEmpty(), "no examples found under kb/rules");
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            ExampleRunner.Outcome o = ExampleRunner.run(TestSupport.analyzer(), c);
            assertTrue(o.expectations() > 0, c.name() + " has no # expect / # ok annotations");
            assertTrue(o.passed(), c.name() + ":\n  " + String.join("\n  ", o.failures()));
        }));
    }
}
