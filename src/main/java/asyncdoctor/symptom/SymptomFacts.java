package asyncdoctor.symptom;

import asyncdoctor.facts.SymptomCue;
import asyncdoctor.facts.SymptomText;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the user's symptom text into facts for kb/symptoms/: the text itself and one SymptomCue per
 * phrase or quoted runtime message of kb/symptoms/cues.yaml that occurs in it. The classification
 * itself is done by the rules.
 */
public final class SymptomFacts {
    private SymptomFacts() {}

    public static List<Object> from(String text, JsonNode cues) {
        List<Object> out = new ArrayList<>();
        if (text == null) return out;
        String lower = text.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").strip();
        out.add(new SymptomText(text, lower));
        if (cues == null || cues.get("cues") == null) return out;
        for (JsonNode c : cues.get("cues")) {
            String id = c.path("id").asText();
            String cls = c.path("class").asText();
            int weight = c.path("weight").asInt(2);
            String category = c.hasNonNull("category") ? c.get("category").asText() : null;
            Pattern p = Pattern.compile(c.path("pattern").asText(), Pattern.CASE_INSENSITIVE);
            Matcher m = p.matcher(lower);
            if (m.find()) out.add(new SymptomCue(id, cls, weight, category, m.group()));
        }
        return out;
    }
}
