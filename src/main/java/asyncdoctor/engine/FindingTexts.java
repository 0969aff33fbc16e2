package asyncdoctor.engine;

import asyncdoctor.api.Finding;
import asyncdoctor.facts.Call;
import asyncdoctor.facts.Function;
import asyncdoctor.facts.Located;
import asyncdoctor.facts.Module;
import asyncdoctor.kb.KnowledgeBase;
import asyncdoctor.kb.RuleMeta;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what a rule reported into a {@link Finding}: severity (rule default, catalog entry or the
 * rule's own override, lowered in test files as the rule's metadata says), location, chain, and the
 * Symptom link / Mechanism / Fix texts filled from the rule's templates.
 *
 * <p>Placeholders every template can use: {file} {line} {function} {qualname} {line_text}; for a
 * call: {callee} {resolved} {args} {call} {to_thread} {line_to_thread} {line_awaited}; for a chain: {chain_text}
 * {target_callee} {target_location}; {line_replaced} when the rule passes `call_replacement`;
 * {block_text} (source lines re-indented one level) when the rule passes `block_from`/`block_to`; plus
 * whatever the rule passed in its map.
 */
public final class FindingTexts {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_]+)}");

    private final KnowledgeBase kb;
    private final FactIndex index;
    private final Sources sources;
    private final String targetVersion;

    public FindingTexts(KnowledgeBase kb, FactIndex index, Sources sources, String targetVersion) {
        this.kb = kb;
        this.index = index;
        this.sources = sources;
        this.targetVersion = targetVersion;
    }

    /** Null when the rule's metadata drops it here (for example `in-tests: skip` in a test file). */
    public Finding render(Reporter.Raw raw, String symptomClass) {
        RuleMeta meta = kb.rule(raw.ruleId());
        if (meta == null) {
            throw new IllegalStateException("rule " + raw.ruleId() + " reported a finding but has no metadata in kb/rules/**.yaml");
        }
        Located at = raw.at();
        Module module = index.module(at.module());
        String severity = raw.vars().containsKey("severity") ? String.valueOf(raw.vars().get("severity")) : meta.severity();
        if (module != null && module.isTest()) {
            if (meta.inTests().equals("skip")) return null;
            if (meta.inTests().equals("lower")) severity = lower(severity);
        }
        Map<String, String> vars = variables(at, raw);
        String cls = symptomClass == null || symptomClass.equals("unknown") ? "default" : symptomClass;
        String link = fill(meta.symptomLinkFor(cls), vars);
        String mechanism = fill(meta.mechanism(), vars);
        String fix = fill(meta.fixFor(targetVersion), vars);
        Function fn = index.function(at.fn());
        List<Finding.ChainStep> chain = new ArrayList<>();
        for (String id : raw.chain()) {
            Call c = index.call(id);
            if (c == null) continue;
            Function cf = index.function(c.fn());
            chain.add(new Finding.ChainStep(c.module(), c.line(), cf == null ? null : cf.qname()));
        }
        return new Finding(meta.id(), meta.category(), severity, at.module(), at.line(), at.column() + 1,
                fn == null ? null : fn.qname(), link.strip(), mechanism.strip(), fix.strip(), chain, List.of());
    }

    static String lower(String severity) {
        return switch (severity) { case "critical" -> "warning"; default -> "suggestion"; };
    }

    private Map<String, String> variables(Located at, Reporter.Raw raw) {
        Map<String, String> v = new HashMap<>();
        v.put("file", at.module());
        v.put("line", String.valueOf(at.line()));
        Function fn = index.function(at.fn());
        v.put("function", fn == null ? "<module>" : fn.name());
        v.put("qualname", fn == null ? "<module>" : fn.qname());
        String lineText = withoutComment(sources.line(at.module(), at.line()).strip());
        v.put("line_text", lineText);
        v.put("target_version", targetVersion);
        if (at instanceof Call c) putCall(v, "", c, lineText);
        if (!raw.chain().isEmpty()) {
            List<String> names = new ArrayList<>();
            if (fn != null) names.add(fn.name());
            Call last = null;
            for (String id : raw.chain()) {
                Call c = index.call(id);
                if (c == null) continue;
                names.add(c.callee());
                last = c;
            }
            v.put("chain_text", String.join(" -> ", names));
            if (last != null) {
                v.put("target_callee", last.callee());
                v.put("target_resolved", last.resolved() == null ? last.callee() : last.resolved());
                v.put("target_location", last.module() + ":" + last.line());
                v.put("target_line_text", withoutComment(sources.line(last.module(), last.line()).strip()));
            }
        }
        for (var e : raw.vars().entrySet()) {
            Object val = e.getValue();
            if (val instanceof Call c) putCall(v, e.getKey() + "_", c, withoutComment(sources.line(c.module(), c.line()).strip()));
            else v.put(e.getKey(), String.valueOf(val));
        }
        // {line_replaced}: the source line with the reported call replaced by the rule's `call_replacement`.
        if (at instanceof Call c && raw.vars().containsKey("call_replacement")) {
            v.put("line_replaced", rewriteLine(lineText, c, String.valueOf(raw.vars().get("call_replacement"))));
        }
        // {block_text}: source lines block_from..block_to, re-indented one level (for fixes that wrap code).
        if (raw.vars().get("block_from") instanceof Integer from && raw.vars().get("block_to") instanceof Integer to) {
            v.put("block_text", block(at.module(), from, to));
        }
        return v;
    }

    /** Lines from..to of a module, dedented and indented by four spaces; "pass" when the range is empty. */
    private String block(String module, int from, int to) {
        List<String> lines = new ArrayList<>();
        int indent = Integer.MAX_VALUE;
        for (int i = from; i <= to && i - from < 40; i++) {
            String l = sources.line(module, i);
            if (l == null) break;
            l = l.stripTrailing();
            if (!l.isBlank()) indent = Math.min(indent, l.length() - l.stripLeading().length());
            lines.add(l);
        }
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            if (sb.length() > 0) sb.append('\n');
            if (!l.isBlank()) sb.append("    ").append(l.substring(Math.min(indent, l.length())));
        }
        return sb.length() == 0 ? "    pass" : sb.toString();
    }

    private void putCall(Map<String, String> v, String prefix, Call c, String lineText) {
        v.put(prefix + "callee", c.callee());
        v.put(prefix + "resolved", c.resolved() == null ? c.callee() : c.resolved());
        String args = joinArgs(c);
        v.put(prefix + "args", args);
        String call = c.callee() + "(" + args + ")";
        v.put(prefix + "call", call);
        String offloaded = offload(c, args);
        v.put(prefix + "to_thread", offloaded);
        v.put(prefix + "line_to_thread", rewriteLine(lineText, c, offloaded));
        v.put(prefix + "line_awaited", awaitedLine(lineText, c));
    }

    /**
     * The source line with `await ` put before the call; parenthesized when the value is then
     * subscripted or an attribute is read (`(await f()).x`). Falls back to `await callee(args)`.
     */
    static String awaitedLine(String lineText, Call c) {
        int[] span = callSpan(lineText, c);
        if (span == null) return "await " + c.callee() + "(" + joinArgs(c) + ")";
        int i = span[0], j = span[1];
        if (j >= lineText.length()) return lineText.substring(0, i) + "await " + lineText.substring(i);
        String call = lineText.substring(i, j + 1);
        String rest = lineText.substring(j + 1);
        boolean wrap = rest.startsWith(".") || rest.startsWith("[") || rest.startsWith("(");
        return lineText.substring(0, i) + (wrap ? "(await " + call + ")" : "await " + call) + rest;
    }

    /**
     * Where the call stands in its source line: [start of the callee, index of the closing paren]
     * (the closing index is the line's length when the call continues on later lines); null when the
     * callee text is not on the line. `self.get(` inside `self.get_all(` or `x.self.get(` is skipped.
     */
    static int[] callSpan(String lineText, Call c) {
        String head = c.callee() + "(";
        int i = lineText.indexOf(head);
        while (i > 0 && (Character.isJavaIdentifierPart(lineText.charAt(i - 1)) || lineText.charAt(i - 1) == '.')) {
            i = lineText.indexOf(head, i + 1);
        }
        if (i < 0) return null;
        int depth = 0;
        int j = i + c.callee().length();
        for (; j < lineText.length(); j++) {
            char ch = lineText.charAt(j);
            if (ch == '(') depth++;
            else if (ch == ')' && --depth == 0) break;
        }
        return new int[] {i, j};
    }

    /** The line without a trailing comment (a `#` outside string literals), for fix texts. */
    static String withoutComment(String line) {
        char quote = 0;
        for (int k = 0; k < line.length(); k++) {
            char ch = line.charAt(k);
            if (quote != 0) {
                if (ch == '\\') k++;
                else if (ch == quote) quote = 0;
            } else if (ch == '"' || ch == '\'') {
                quote = ch;
            } else if (ch == '#') {
                return line.substring(0, k).stripTrailing();
            }
        }
        return line;
    }

    private static String joinArgs(Call c) {
        List<String> parts = new ArrayList<>(c.args());
        for (int i = 0; i < c.keywords().size(); i++) parts.add(c.keywords().get(i) + "=" + c.keywordValues().get(i));
        return String.join(", ", parts);
    }

    /** `await asyncio.to_thread(f, a, k=v)` on 3.9+, else run_in_executor with functools.partial. */
    private String offload(Call c, String args) {
        boolean hasToThread = RuleMeta.version(targetVersion) >= 3.09;
        String fnArgs = args.isEmpty() ? c.callee() : c.callee() + ", " + args;
        if (hasToThread) return "await asyncio.to_thread(" + fnArgs + ")";
        if (c.keywords().isEmpty()) return "await asyncio.get_running_loop().run_in_executor(None, " + fnArgs + ")";
        return "await asyncio.get_running_loop().run_in_executor(None, functools.partial(" + fnArgs + "))";
    }

    /** The source line with the call replaced by its offloaded form (falls back to the new call alone). */
    private static String rewriteLine(String lineText, Call c, String replacement) {
        int[] span = callSpan(lineText, c);
        if (span == null || span[1] >= lineText.length()) return replacement;
        // `return f(x)` inside async code: keep the statement shape.
        return lineText.substring(0, span[0]) + replacement + lineText.substring(span[1] + 1);
    }

    static String fill(String template, Map<String, String> vars) {
        if (template == null) return "";
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String val = vars.get(m.group(1));
            m.appendReplacement(sb, Matcher.quoteReplacement(val != null ? val : m.group()));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
