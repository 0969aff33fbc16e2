package asyncdoctor.facts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import asyncdoctor.TestSupport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * facts-schema/ is the single source of the fact types: every fact and field it names must exist
 * as a Java record component of the same type and order, and every record must be in the schema.
 */
class FactSchemaTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** Packages whose records are facts that rules can match. */
    private static final List<String> FACT_PACKAGES = List.of("asyncdoctor.facts", "asyncdoctor.snapshot");

    record Declared(String domainFile, JsonNode fields) {}

    static Map<String, Declared> schema() throws IOException {
        Path dir = TestSupport.root().resolve("facts-schema");
        JsonNode head = YAML.readTree(dir.resolve("schema.yaml").toFile());
        assertTrue(head.path("version").isInt(), "facts-schema/schema.yaml carries an integer version");
        Map<String, Declared> out = new LinkedHashMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.sorted().toList()) {
                if (!p.toString().endsWith(".yaml") || p.getFileName().toString().equals("schema.yaml")) continue;
                JsonNode doc = YAML.readTree(p.toFile());
                doc.path("facts").properties().forEach(e -> {
                    assertFalse(out.containsKey(e.getKey()), "fact " + e.getKey() + " declared twice");
                    assertFalse(e.getValue().path("doc").asText().isBlank(), e.getKey() + " has no doc in " + p.getFileName());
                    out.put(e.getKey(), new Declared(p.getFileName().toString(), e.getValue().path("fields")));
                });
            }
        }
        return out;
    }

    @Test
    void everyDeclaredFactIsARecordWithTheSameFields() throws Exception {
        for (var e : schema().entrySet()) {
            Class<?> type = find(e.getKey());
            assertNotNull(type, "fact " + e.getKey() + " (" + e.getValue().domainFile() + ") has no record in " + FACT_PACKAGES);
            assertTrue(type.isRecord(), type + " must be a record");
            List<String> declared = new ArrayList<>();
            e.getValue().fields().properties().forEach(f -> {
                declared.add(f.getKey());
                assertFalse(f.getValue().path("doc").asText().isBlank(), e.getKey() + "." + f.getKey() + " has no doc");
            });
            List<String> actual = new ArrayList<>();
            for (RecordComponent rc : type.getRecordComponents()) {
                actual.add(rc.getName());
                JsonNode f = e.getValue().fields().get(rc.getName());
                if (f == null) continue;
                assertEquals(f.path("type").asText(), typeName(rc.getGenericType()),
                        e.getKey() + "." + rc.getName() + ": schema type vs Java type");
            }
            assertEquals(declared, actual, "fields of " + e.getKey() + " (schema vs record " + type.getName() + ")");
        }
    }

    @Test
    void everyFactRecordIsDeclared() throws Exception {
        Map<String, Declared> schema = schema();
        for (String pkg : FACT_PACKAGES) {
            Path dir = TestSupport.root().resolve("src/main/java/" + pkg.replace('.', '/'));
            if (!Files.isDirectory(dir)) continue;
            try (Stream<Path> s = Files.list(dir)) {
                for (Path p : s.sorted().toList()) {
                    String name = p.getFileName().toString().replace(".java", "");
                    Class<?> c = Class.forName(pkg + "." + name);
                    if (c.isRecord() && isFact(c) && !schema.containsKey(name)) {
                        fail("record " + c.getName() + " is not declared in facts-schema/");
                    }
                }
            }
        }
    }

    /** Records annotated as internal helpers are not facts. */
    private static boolean isFact(Class<?> c) {
        return !c.isAnnotationPresent(NotAFact.class);
    }

    private static Class<?> find(String name) {
        for (String pkg : FACT_PACKAGES) {
            try {
                return Class.forName(pkg + "." + name);
            } catch (ClassNotFoundException e) {
                // try the next package
            }
        }
        return null;
    }

    static String typeName(Type t) {
        if (t == String.class) return "string";
        if (t == int.class) return "int";
        if (t == long.class) return "long";
        if (t == boolean.class) return "boolean";
        if (t == double.class) return "double";
        if (t instanceof ParameterizedType pt && pt.getRawType() == List.class) {
            return "list<" + typeName(pt.getActualTypeArguments()[0]) + ">";
        }
        return t.getTypeName();
    }
}
