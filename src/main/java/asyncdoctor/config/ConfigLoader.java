package asyncdoctor.config;

import asyncdoctor.api.TargetVersion;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds and reads the {@code [tool.asyncdoctor]} configuration: the nearest pyproject.toml with such
 * a table, from the analyzed path upwards, or the file given with --config. Unknown keys and values of
 * the wrong type are errors that name the key, the file and the line.
 */
public final class ConfigLoader {
    public static final List<String> KEYS = List.of("target-version", "exclude", "respect-gitignore", "disable",
            "severity", "blocking-apis");
    static final List<String> API_KEYS = List.of("name", "kind", "severity", "replacement", "except");
    static final List<String> SEVERITIES = List.of("critical", "warning", "suggestion");
    private static final TomlMapper TOML = new TomlMapper();
    private static final Pattern HEADER = Pattern.compile("^\\s*(\\[\\[?)\\s*([^\\]]+?)\\s*\\]\\]?\\s*(#.*)?$");
    private static final Pattern KEY = Pattern.compile("^\\s*(\"[^\"]*\"|'[^']*'|[A-Za-z0-9_.\\-]+)\\s*=");

    private ConfigLoader() {}

    /** The nearest pyproject.toml with a [tool.asyncdoctor] table at or above {@code start}; null when none. */
    public static Config discover(Path start) throws ConfigException {
        Path d = start == null ? Path.of("").toAbsolutePath() : start.toAbsolutePath().normalize();
        if (!Files.isDirectory(d)) d = d.getParent();
        for (; d != null; d = d.getParent()) {
            Path py = d.resolve("pyproject.toml");
            if (!Files.isRegularFile(py)) continue;
            String text;
            try {
                text = Files.readString(py, StandardCharsets.UTF_8);
            } catch (IOException e) {
                continue;
            }
            if (!text.contains("asyncdoctor")) continue;
            Config c = parse(py, text, true);
            if (c != null) return c;
        }
        return null;
    }

    /**
     * Reads --config FILE: its [tool.asyncdoctor] table, or (for a file not named pyproject.toml
     * without such a table, e.g. asyncdoctor.toml) its top level.
     */
    public static Config load(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(List.of(file + ": cannot read the configuration: " + e.getMessage()));
        }
        Config c = parse(file, text, file.getFileName().toString().equals("pyproject.toml"));
        if (c == null) throw new ConfigException(List.of(file + ":1: no [tool.asyncdoctor] table"));
        return c;
    }

    /** Null when {@code requireTable} and the file has no [tool.asyncdoctor] table. */
    static Config parse(Path file, String text, boolean requireTable) throws ConfigException {
        JsonNode root;
        try {
            root = TOML.readTree(text);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 1 : Math.max(1, e.getLocation().getLineNr());
            throw new ConfigException(List.of(file + ":" + line + ": invalid TOML: " + firstLine(e.getOriginalMessage())));
        }
        JsonNode table = root == null ? null : root.path("tool").get("asyncdoctor");
        String prefix = "tool.asyncdoctor";
        if (table == null) {
            if (requireTable) return null;
            table = root;
            prefix = "";
        }
        Map<String, Integer> lines = keyLines(text, prefix);
        List<String> errors = new ArrayList<>();
        if (!table.isObject()) {
            errors.add(file + ":" + lines.getOrDefault("", 1) + ": [tool.asyncdoctor] must be a table");
            throw new ConfigException(errors);
        }
        Config probe = new Config(file, null, List.of(), null, List.of(), Map.of(), List.of(), lines);

        String target = null;
        List<String> exclude = new ArrayList<>();
        Boolean gitignore = null;
        List<String> disable = new ArrayList<>();
        Map<String, String> severity = new LinkedHashMap<>();
        List<Config.BlockingApi> apis = new ArrayList<>();
        for (var e : (Iterable<Map.Entry<String, JsonNode>>) table.properties()::iterator) {
            String key = e.getKey();
            JsonNode v = e.getValue();
            switch (key) {
                case "target-version" -> {
                    if (!v.isTextual() || TargetVersion.normalize(v.asText()) == null) {
                        errors.add(probe.where(key) + ": `target-version` must look like \"py311\" or \"3.11\", not " + v);
                    } else {
                        target = TargetVersion.normalize(v.asText());
                    }
                }
                case "exclude" -> strings(v, key, probe, errors, exclude);
                case "respect-gitignore" -> {
                    if (!v.isBoolean()) errors.add(probe.where(key) + ": `respect-gitignore` must be true or false, not " + v);
                    else gitignore = v.asBoolean();
                }
                case "disable" -> strings(v, key, probe, errors, disable);
                case "severity" -> {
                    if (!v.isObject()) {
                        errors.add(probe.where(key) + ": `severity` must be a table of rule id or category = \"critical|warning|suggestion\"");
                        continue;
                    }
                    for (var s : (Iterable<Map.Entry<String, JsonNode>>) v.properties()::iterator) {
                        String value = s.getValue().asText();
                        if (!s.getValue().isTextual() || !SEVERITIES.contains(value)) {
                            errors.add(probe.where("severity." + s.getKey()) + ": `severity." + s.getKey() + "` must be one of "
                                    + SEVERITIES + ", not " + s.getValue());
                        } else {
                            severity.put(s.getKey(), value);
                        }
                    }
                }
                case "blocking-apis" -> {
                    if (!v.isArray()) {
                        errors.add(probe.where(key) + ": `blocking-apis` must be a list of names or tables");
                        continue;
                    }
                    for (int i = 0; i < v.size(); i++) {
                        Config.BlockingApi api = blockingApi(v.get(i), "blocking-apis[" + i + "]", probe, errors);
                        if (api != null) apis.add(api);
                    }
                }
                default -> errors.add(probe.where(key) + ": unknown key `" + key + "` in [" + (prefix.isEmpty() ? "asyncdoctor config" : prefix)
                        + "] (known keys: " + String.join(", ", KEYS) + ")");
            }
        }
        if (!errors.isEmpty()) throw new ConfigException(errors);
        return new Config(file, target, exclude, gitignore, disable, severity, apis, lines);
    }

    private static Config.BlockingApi blockingApi(JsonNode n, String key, Config probe, List<String> errors) {
        if (n.isTextual()) return new Config.BlockingApi(List.of(n.asText()), "other", "critical", null, List.of());
        if (!n.isObject()) {
            errors.add(probe.where(key) + ": `" + key + "` must be a name or a table with `name`");
            return null;
        }
        List<String> names = new ArrayList<>();
        List<String> except = new ArrayList<>();
        String kind = "other", severity = "critical", replacement = null;
        boolean ok = true;
        for (var e : (Iterable<Map.Entry<String, JsonNode>>) n.properties()::iterator) {
            String k = key + "." + e.getKey();
            JsonNode v = e.getValue();
            switch (e.getKey()) {
                case "name" -> ok &= strings(v, k, probe, errors, names);
                case "except" -> ok &= strings(v, k, probe, errors, except);
                case "kind" -> kind = v.asText();
                case "replacement" -> replacement = v.asText();
                case "severity" -> {
                    if (!SEVERITIES.contains(v.asText())) {
                        errors.add(probe.where(k) + ": `" + k + "` must be one of " + SEVERITIES + ", not " + v);
                        ok = false;
                    }
                    severity = v.asText();
                }
                default -> {
                    errors.add(probe.where(k) + ": unknown key `" + e.getKey() + "` in `" + key + "` (known keys: "
                            + String.join(", ", API_KEYS) + ")");
                    ok = false;
                }
            }
        }
        if (names.isEmpty()) {
            errors.add(probe.where(key) + ": `" + key + "` needs a `name`");
            return null;
        }
        return ok ? new Config.BlockingApi(names, kind, severity, replacement, except) : null;
    }

    /** A string or a list of strings. */
    private static boolean strings(JsonNode v, String key, Config probe, List<String> errors, List<String> out) {
        if (v.isTextual()) {
            out.add(v.asText());
            return true;
        }
        if (v.isArray()) {
            boolean ok = true;
            for (JsonNode x : v) {
                if (x.isTextual()) out.add(x.asText());
                else ok = false;
            }
            if (ok) return true;
        }
        errors.add(probe.where(key) + ": `" + key + "` must be a string or a list of strings, not " + v);
        return false;
    }

    /**
     * Key path -> line, for the table at {@code prefix} ("" for the top level): "" is the table's own
     * header, "key" its keys, "severity.KEY" the keys of its sub-tables, "blocking-apis[i]" the i-th
     * array-of-tables entry and "blocking-apis[i].key" its keys.
     */
    static Map<String, Integer> keyLines(String text, String prefix) {
        Map<String, Integer> out = new HashMap<>();
        Map<String, Integer> arrayCounts = new HashMap<>();
        String current = ""; // the table the following keys belong to, relative to the prefix; null outside it
        if (!prefix.isEmpty()) current = null;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            Matcher h = HEADER.matcher(lines[i]);
            if (h.matches()) {
                String name = unquote(h.group(2).replace(" ", ""));
                boolean array = h.group(1).equals("[[");
                String rel = relativeTo(name, prefix);
                if (rel == null) {
                    current = null;
                    continue;
                }
                if (array) {
                    int idx = arrayCounts.merge(rel, 1, Integer::sum) - 1;
                    rel = rel + "[" + idx + "]";
                }
                out.putIfAbsent(rel, lineNo);
                current = rel;
                continue;
            }
            if (current == null) {
                // Dotted keys at the top level: tool.asyncdoctor.exclude = [...]
                Matcher k = KEY.matcher(lines[i]);
                if (k.find() && !prefix.isEmpty()) {
                    String rel = relativeTo(unquote(k.group(1)), prefix);
                    if (rel != null && !rel.isEmpty()) out.putIfAbsent(rel, lineNo);
                }
                continue;
            }
            Matcher k = KEY.matcher(lines[i]);
            if (k.find()) {
                String key = unquote(k.group(1));
                out.putIfAbsent(current.isEmpty() ? key : current + "." + key, lineNo);
            }
        }
        return out;
    }

    private static String relativeTo(String name, String prefix) {
        if (prefix.isEmpty()) return name;
        if (name.equals(prefix)) return "";
        if (name.startsWith(prefix + ".")) return name.substring(prefix.length() + 1);
        return null;
    }

    private static String unquote(String s) {
        StringBuilder sb = new StringBuilder();
        for (String part : s.split("\\.(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)")) {
            if (sb.length() > 0) sb.append('.');
            String p = part.strip();
            if (p.length() >= 2 && (p.startsWith("\"") && p.endsWith("\"") || p.startsWith("'") && p.endsWith("'"))) {
                p = p.substring(1, p.length() - 1);
            }
            sb.append(p);
        }
        return sb.toString();
    }

    private static String firstLine(String s) {
        if (s == null) return "";
        int i = s.indexOf('\n');
        return i < 0 ? s : s.substring(0, i);
    }
}
