package asyncdoctor.kb;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Reads kb/catalogs/NAME.yaml: `entries:` with name, kind, severity, replacement, note, except. */
final class CatalogReader {
    private CatalogReader() {}

    static Catalog read(String name, JsonNode doc, String file) {
        JsonNode list = doc.get("entries");
        if (list == null || !list.isArray()) throw new IllegalArgumentException(file + ":1:1: expected an `entries:` list");
        List<Catalog.Entry> entries = new ArrayList<>();
        String defaultKind = RuleMetaReader.text(doc, "kind", "other");
        String defaultSeverity = RuleMetaReader.text(doc, "severity", "critical");
        for (JsonNode e : list) {
            // Shorthand: a plain string is a name with the catalog's defaults.
            if (e.isTextual()) {
                entries.add(new Catalog.Entry(e.asText(), defaultKind, defaultSeverity, null, null, List.of()));
                continue;
            }
            String severity = RuleMetaReader.text(e, "severity", defaultSeverity);
            if (!KnowledgeBase.SEVERITIES.contains(severity))
                throw new IllegalArgumentException(file + ":1:1: entry " + e.get("name") + ": severity must be one of " + KnowledgeBase.SEVERITIES);
            List<String> names = RuleMetaReader.strings(e.get("name"));
            if (names.isEmpty()) throw new IllegalArgumentException(file + ":1:1: an entry without `name`");
            for (String n : names) {
                entries.add(new Catalog.Entry(n, RuleMetaReader.text(e, "kind", defaultKind), severity,
                        RuleMetaReader.text(e, "replacement", null), RuleMetaReader.text(e, "note", null),
                        List.copyOf(RuleMetaReader.strings(e.get("except"))), List.copyOf(RuleMetaReader.strings(e.get("unless-args")))));
            }
        }
        return new Catalog(name, entries);
    }
}
