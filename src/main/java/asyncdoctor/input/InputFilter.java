package asyncdoctor.input;

import java.nio.file.Path;

/** Decides whether a file or folder is left out (exclude globs, .gitignore). */
public interface InputFilter {
    boolean excluded(Path path, String display, boolean directory);
}
