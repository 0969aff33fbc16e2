package asyncdoctor.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import asyncdoctor.TestSupport;
import asyncdoctor.api.AnalysisRequest;
import asyncdoctor.api.Report;
import asyncdoctor.report.JsonReport;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cached facts and results give the same report as a cold run, and an edit is never served stale. */
class ResultCacheTest {
    @Test
    void unchangedRerunIsIdenticalAndAnEditIsSeen(@TempDir Path tmp) throws Exception {
        Path src = tmp.resolve("svc.py");
        Files.writeString(src, "import time\n\nasync def handler():\n    time.sleep(1)\n");
        AnalysisRequest cached = AnalysisRequest.builder().path(src).workingDirectory(tmp).cache(true).build();
        AnalysisRequest cold = AnalysisRequest.builder().path(src).workingDirectory(tmp).cache(false).build();
        String first = JsonReport.render(TestSupport.analyzer().analyze(cached));
        String again = JsonReport.render(TestSupport.analyzer().analyze(cached));
        String uncached = JsonReport.render(TestSupport.analyzer().analyze(cold));
        assertEquals(first, again);
        assertEquals(uncached, again);
        // a rerun answered from the result cache still carries the finding keys (SARIF fingerprints, baselines)
        Report firstReport = TestSupport.analyzer().analyze(cold);
        Report rerun = TestSupport.analyzer().analyze(cached);
        assertEquals(firstReport.key(firstReport.findings().get(0)), rerun.key(rerun.findings().get(0)));
        assertNotEquals(null, rerun.key(rerun.findings().get(0)));

        Files.writeString(src, "import time\n\n\nasync def handler():\n    time.sleep(1)\n");
        Report edited = TestSupport.analyzer().analyze(cached);
        assertEquals(5, edited.findings().get(0).line(), "the edit moved the finding; the cache must not hide it");
        assertNotEquals(first, JsonReport.render(edited));
    }
}
