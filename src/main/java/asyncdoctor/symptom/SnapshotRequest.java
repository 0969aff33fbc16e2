package asyncdoctor.symptom;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The diagnostic snapshot to capture when the code alone does not explain the symptom, tailored to
 * the symptom class from kb/snapshots/requests.yaml: why this data, a ready-to-paste snippet, the
 * command lines to run, and how to send the output back with --snapshot. A step's code may embed
 * the shared snippet as {@code {snippet}}.
 */
public final class SnapshotRequest {
    private SnapshotRequest() {}

    public static String forClass(String symptomClass, JsonNode requests) {
        if (requests == null) return null;
        JsonNode classes = requests.path("classes");
        JsonNode r = classes.path(symptomClass == null ? "unknown" : symptomClass);
        if (r.isMissingNode()) r = classes.path("unknown");
        StringBuilder sb = new StringBuilder();
        String intro = requests.path("intro").asText("");
        if (!intro.isBlank()) sb.append(intro.strip()).append("\n\n");
        if (r.hasNonNull("why")) sb.append(r.get("why").asText().strip()).append("\n\n");
        JsonNode steps = r.path("steps");
        int i = 1;
        for (JsonNode s : steps) {
            JsonNode step = s.isTextual() ? requests.path("steps").path(s.asText()) : s;
            if (step.isMissingNode()) continue;
            sb.append(i++).append(". ").append(step.path("title").asText().strip()).append('\n');
            if (step.hasNonNull("code")) {
                String code = step.get("code").asText().replace("{snippet}", snippet(requests));
                for (String line : code.stripTrailing().split("\n")) sb.append("       ").append(line).append('\n');
            }
            sb.append('\n');
        }
        String outro = requests.path("outro").asText("");
        if (!outro.isBlank()) sb.append(outro.strip()).append('\n');
        return sb.toString().stripTrailing();
    }

    /** The ready-to-paste Python snippet the requests embed (defines {@code asyncdoctor_snapshot()}), or "". */
    public static String snippet(JsonNode requests) {
        return requests == null ? "" : requests.path("snippet").asText("").stripTrailing();
    }
}
