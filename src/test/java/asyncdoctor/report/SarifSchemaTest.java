package asyncdoctor.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import asyncdoctor.TestSupport;
import asyncdoctor.api.AnalysisRequest;
import asyncdoctor.api.Report;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `--format sarif` validates against the official SARIF 2.1.0 schema (src/test/resources/sarif) and
 * carries what GitHub code scanning reads: rules with help, ruleIndex, levels, relative locations with
 * %SRCROOT%, partialFingerprints, codeFlows for chains, notebook cells.
 */
class SarifSchemaTest {
    private static JsonSchema schema;
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void loadSchema() throws Exception {
        try (InputStream in = SarifSchemaTest.class.getResourceAsStream("/sarif/sarif-schema-2.1.0.json")) {
            assertNotNull(in, "the SARIF schema is a test resource");
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(in);
        }
    }

    static JsonNode validated(String sarif) throws Exception {
        JsonNode doc = JSON.readTree(sarif);
        Set<ValidationMessage> errors = schema.validate(doc);
        assertTrue(errors.isEmpty(), "SARIF violates the 2.1.0 schema: " + errors + "\n" + sarif);
        return doc;
    }

    @Test
    void theSchemaRejectsBrokenSarif() throws Exception {
        JsonNode bad = JSON.readTree("{\"version\": \"2.1.0\", \"runs\": [{\"tool\": {\"driver\": {}}, \"results\": [{\"level\": \"fatal\"}]}]}");
        assertFalse(schema.validate(bad).isEmpty(), "the validator really checks: a driver without a name and a bad level fail");
    }

    @Test
    void chainFindingsOfTheBundledExampleValidateAndCarryCodeFlows() throws Exception {
        Path root = TestSupport.root();
        Report r = TestSupport.analyzer().analyze(AnalysisRequest.builder().path(root.resolve("examples/jobs-service"))
                .workingDirectory(root).discoverConfig(false).build());
        assertFalse(r.findings().isEmpty());
        JsonNode run = validated(SarifReport.render(r, TestSupport.analyzer().knowledgeBase(), root)).at("/runs/0");

        JsonNode rules = run.at("/tool/driver/rules");
        assertEquals(TestSupport.analyzer().knowledgeBase().rules().size(), rules.size(), "every KB rule is described");
        for (JsonNode rule : rules) {
            for (String p : new String[] {"/id", "/name", "/shortDescription/text", "/fullDescription/text", "/help/text",
                    "/help/markdown", "/defaultConfiguration/level", "/properties/precision", "/properties/problem.severity"}) {
                assertFalse(rule.at(p).isMissingNode() || rule.at(p).asText().isBlank(), rule.get("id") + " has " + p);
            }
        }
        assertEquals("file://" + root.toUri().getRawPath(), run.at("/originalUriBaseIds/%SRCROOT%/uri").asText());
        boolean sawFlow = false;
        for (JsonNode res : run.get("results")) {
            String id = res.get("ruleId").asText();
            assertEquals(id, rules.get(res.get("ruleIndex").asInt()).get("id").asText(), "ruleIndex points at the rule");
            JsonNode loc = res.at("/locations/0/physicalLocation");
            assertEquals("%SRCROOT%", loc.at("/artifactLocation/uriBaseId").asText());
            assertTrue(loc.at("/artifactLocation/uri").asText().startsWith("examples/jobs-service/"), loc.toString());
            assertTrue(loc.at("/region/startLine").asInt() >= 1 && loc.at("/region/startColumn").asInt() >= 1);
            assertTrue(res.at("/partialFingerprints").size() == 1, "a partial fingerprint");
            assertTrue(res.get("level").asText().matches("error|warning|note"));
            if (res.has("codeFlows")) {
                sawFlow = true;
                assertTrue(res.at("/codeFlows/0/threadFlows/0/locations").size() >= 2, "a chain has its steps");
            }
        }
        assertTrue(sawFlow, "the cross-module finding of the example has a codeFlow");
    }

    @Test
    void notebooksDiagnosticsAndAnEmptyRunValidate(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("nb.ipynb"), """
                {"cells": [{"cell_type": "markdown", "source": "# title"},
                           {"cell_type": "code", "source": ["import time\\n", "%load_ext autoreload\\n"]},
                           {"cell_type": "code", "source": ["async def tick():\\n", "    time.sleep(1)\\n"]}],
                 "metadata": {"language_info": {"name": "python"}}, "nbformat": 4, "nbformat_minor": 5}
                """);
        Files.writeString(tmp.resolve("broken.py"), "def f(:\n    pass\n");
        Files.writeString(tmp.resolve("with space.py"), "import time\nasync def f():\n    time.sleep(1)\n");
        Report r = TestSupport.analyzer().analyze(AnalysisRequest.builder().path(tmp).workingDirectory(tmp).build());
        JsonNode run = validated(SarifReport.render(r, TestSupport.analyzer().knowledgeBase(), tmp)).at("/runs/0");
        boolean nb = false, space = false;
        for (JsonNode res : run.get("results")) {
            String uri = res.at("/locations/0/physicalLocation/artifactLocation/uri").asText();
            if (uri.equals("nb.ipynb")) {
                nb = true;
                assertEquals(3, res.at("/properties/notebookCell").asInt());
                assertEquals(2, res.at("/properties/notebookCellLine").asInt());
                assertEquals(4, res.at("/locations/0/physicalLocation/region/startLine").asInt());
                assertTrue(res.at("/message/text").asText().contains("cell 3, line 2"));
            }
            space |= uri.equals("with%20space.py");
        }
        assertTrue(nb && space, run.get("results").toString());
        assertTrue(run.at("/invocations/0/toolExecutionNotifications").size() >= 1, "the syntax error is a notification");

        Report empty = TestSupport.analyzer().analyze(AnalysisRequest.builder().source("ok.py", "x = 1\n").build());
        JsonNode e = validated(SarifReport.render(empty, TestSupport.analyzer().knowledgeBase(), tmp));
        assertEquals(0, e.at("/runs/0/results").size());
    }
}
