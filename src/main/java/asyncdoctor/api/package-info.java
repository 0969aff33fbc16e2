/**
 * The library API of asyncdoctor: Python sources in, a diagnosis out.
 *
 * <pre>
 * Analyzer analyzer = Analyzer.withBundledKnowledgeBase();     // or withKnowledgeBase(Path.of("kb"))
 * Report report = analyzer.analyze(AnalysisRequest.builder()
 *         .path(Path.of("services/worker"))                      // files and folders (.py, .ipynb)
 *         .source("snippet.py", "import time\nasync def f():\n    time.sleep(1)\n")
 *         .symptom("heartbeats time out when the queue is empty")
 *         .exclude("migrations/")                                // .gitignore syntax
 *         .baseline(Path.of(".asyncdoctor-baseline.json"))
 *         .build());
 * for (Finding f : report.findings()) System.out.println(f.file() + ":" + f.line() + " " + f.rule() + " " + f.fix());
 * </pre>
 *
 * <ul>
 *   <li>{@link asyncdoctor.api.Analyzer}: one per knowledge base, shared freely across threads;</li>
 *   <li>{@link asyncdoctor.api.AnalysisRequest}: what to analyze and how (immutable, built with a builder);</li>
 *   <li>{@link asyncdoctor.api.Report}, {@link asyncdoctor.api.Finding}: immutable results;</li>
 *   <li>{@link asyncdoctor.api.Baselines}: write and read baseline files;
 *       {@link asyncdoctor.api.FindingKey}: the line-shift-robust identity of a finding;</li>
 *   <li>{@link asyncdoctor.api.NotebookCells}: notebook lines back to cells;
 *       {@link asyncdoctor.api.ProgressListener}: progress of long runs.</li>
 * </ul>
 * The command line ({@code asyncdoctor.cli.Main}) is built on this API; the renderers for text,
 * JSON and SARIF are in {@code asyncdoctor.report}. Everything else is internal.
 */
package asyncdoctor.api;
