package asyncdoctor.input;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Batch collection: .gitignore (nested, negated, above the analyzed folder), exclude globs, skipped folders, notebooks. */
class InputFilesTest {
    static void touch(Path root, String... rels) throws IOException {
        for (String rel : rels) {
            Path p = root.resolve(rel);
            Files.createDirectories(p.getParent());
            Files.writeString(p, "x = 1\n");
        }
    }

    static List<String> collect(Path root, Path cwd, InputFiles.Options o) {
        return InputFiles.collect(List.of(root), cwd, o).files().stream().map(InputFiles.Input::display).toList();
    }

    @Test
    void nestedGitignoresNegationAndInfoExcludeAreHonored(@TempDir Path tmp) throws IOException {
        Files.createDirectories(tmp.resolve(".git/info"));
        Files.writeString(tmp.resolve(".git/info/exclude"), "secret.py\n");
        Files.writeString(tmp.resolve(".gitignore"), "# generated code\ngenerated/\n*_pb2.py\n/top_only.py\n");
        Files.writeString(mk(tmp.resolve("pkg/.gitignore")), "local.py\n!keep_pb2.py\n");
        touch(tmp, "app.py", "top_only.py", "pkg/top_only.py", "secret.py", "generated/a.py", "pkg/generated/b.py",
                "x_pb2.py", "pkg/y_pb2.py", "pkg/keep_pb2.py", "pkg/local.py", "pkg/sub/local.py", "other/local.py", "pkg/ok.py");
        assertEquals(List.of("app.py", "other/local.py", "pkg/keep_pb2.py", "pkg/ok.py", "pkg/top_only.py"),
                collect(tmp, tmp, InputFiles.Options.DEFAULT));
        // Analyzing a sub-folder still honors the .gitignore files above it, up to the work tree's top.
        assertEquals(List.of("pkg/keep_pb2.py", "pkg/ok.py", "pkg/top_only.py"), collect(tmp.resolve("pkg"), tmp, InputFiles.Options.DEFAULT));
        // Without .gitignore everything (but skipped folders) comes back.
        assertEquals(13, collect(tmp, tmp, new InputFiles.Options(List.of(), false)).size());
    }

    static Path mk(Path p) throws IOException {
        Files.createDirectories(p.getParent());
        return p;
    }

    @Test
    void excludeGlobsUseGitignoreSyntaxAndApplyToNamedFilesToo(@TempDir Path tmp) throws IOException {
        touch(tmp, "app/main.py", "app/migrations/0001.py", "migrations/0002.py", "legacy/old.py", "legacy/deep/older.py",
                "src/gen/x.py", "src/keep.py", "tests/test_a.py");
        IgnoreRules ex = IgnoreRules.of(tmp, List.of("migrations", "/legacy/**", "src/gen/", "test_*.py"), "--exclude");
        InputFiles.Options o = new InputFiles.Options(List.of(ex), true);
        assertEquals(List.of("app/main.py", "src/keep.py"), collect(tmp, tmp, o));
        // A file named on the command line (as pre-commit passes them) is still excluded.
        assertEquals(List.of(), InputFiles.collect(List.of(tmp.resolve("app/migrations/0001.py")), tmp, o).files());
        assertEquals(1, InputFiles.collect(List.of(tmp.resolve("app/main.py")), tmp, o).files().size());
    }

    @Test
    void virtualenvsSitePackagesBuildAndCacheFoldersAreSkipped(@TempDir Path tmp) throws IOException {
        touch(tmp, "app.py", "venv/lib/a.py", ".venv/lib/b.py", "myenv/lib/python3.12/site-packages/c.py", "build/lib/d.py",
                "dist/e.py", "__pycache__/f.py", ".tox/py/g.py", "pkg.egg-info/h.py", "node_modules/i.py", "conda/j.py",
                ".mypy_cache/k.py", "lib/site-packages/l.py");
        Files.writeString(tmp.resolve("myenv/pyvenv.cfg"), "home = /usr/bin\n");
        Files.createDirectories(tmp.resolve("conda/conda-meta"));
        assertEquals(List.of("app.py"), collect(tmp, tmp, InputFiles.Options.DEFAULT));
    }

    @Test
    void notebooksAreCollectedAndReadAsTheirCodeCells(@TempDir Path tmp) throws Exception {
        touch(tmp, "a.py", "notes/readme.txt", ".ipynb_checkpoints/nb-checkpoint.ipynb");
        Files.writeString(tmp.resolve("notes/nb.ipynb"), "{\"cells\": [{\"cell_type\": \"code\", \"source\": \"x = 1\"}], \"metadata\": {}}");
        assertEquals(List.of("a.py", "notes/nb.ipynb"), collect(tmp, tmp, InputFiles.Options.DEFAULT));
        assertEquals("x = 1\n", InputFiles.read(tmp.resolve("notes/nb.ipynb")).text());
    }
}
