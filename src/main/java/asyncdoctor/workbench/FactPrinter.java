package asyncdoctor.workbench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Prints facts for analysts writing patterns: one readable line per fact, or JSON. */
public final class FactPrinter {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private FactPrinter() {}

    public static String render(List<Object> facts, boolean json) {
        if (json) {
            List<Object> out = new ArrayList<>();
            for (Object f : facts) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("fact", f.getClass().getSimpleName());
                m.putAll(fields(f));
                out.add(m);
            }
            try {
                return JSON.writeValueAsString(out) + "\n";
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        StringBuilder sb = new StringBuilder();
        for (Object f : facts) {
            sb.append(f.getClass().getSimpleName()).append('(');
            boolean first = true;
            for (var e : fields(f).entrySet()) {
                Object v = e.getValue();
                if (v == null || (v instanceof List<?> l && l.isEmpty())) continue;
                if (!first) sb.append(", ");
                first = false;
                sb.append(e.getKey()).append('=');
                sb.append(v instanceof String s ? '"' + s.replace("\"", "\\\"") + '"' : String.valueOf(v));
            }
            sb.append(")\n");
        }
        return sb.toString();
    }

    static Map<String, Object> fields(Object f) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (f.getClass().isRecord()) {
            for (RecordComponent rc : f.getClass().getRecordComponents()) {
                try {
                    m.put(rc.getName(), rc.getAccessor().invoke(f));
                } catch (ReflectiveOperationException e) {
                    m.put(rc.getName(), "?");
                }
            }
        }
        return m;
    }
}
