package asyncdoctor.api;

import java.util.List;

/** Warnings and errors about inputs (files that could not be read or parsed, snapshots, config). */
public record Diagnostics(List<String> warnings, List<String> errors) {
    public Diagnostics {
        warnings = List.copyOf(warnings);
        errors = List.copyOf(errors);
    }
}
