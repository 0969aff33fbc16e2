package asyncdoctor.extract;

import asyncdoctor.facts.ArgRef;
import asyncdoctor.facts.Assignment;
import asyncdoctor.facts.AttrType;
import asyncdoctor.facts.AwaitSite;
import asyncdoctor.facts.Call;
import asyncdoctor.facts.ClassDef;
import asyncdoctor.facts.ExceptHandler;
import asyncdoctor.facts.Function;
import asyncdoctor.facts.FunctionAlias;
import asyncdoctor.facts.ImportAlias;
import asyncdoctor.facts.JumpStmt;
import asyncdoctor.facts.LoopStmt;
import asyncdoctor.facts.Module;
import asyncdoctor.facts.NameUse;
import asyncdoctor.facts.Parameter;
import asyncdoctor.facts.ReturnStmt;
import asyncdoctor.facts.TryBlock;
import asyncdoctor.facts.WithBlock;
import asyncdoctor.parse.PyNode;
import asyncdoctor.parse.SyntaxTree;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Lowers one parsed file into facts. Names are resolved as far as the file itself allows (imports,
 * module-level definitions and variables, locals with a known constructor, self/cls); the
 * {@link Linker} finishes resolution across modules once every file is extracted.
 */
public final class FactExtractor {
    private static final int MAX_TEXT = 200;
    static final Set<String> BUILTINS = Set.of("open", "input", "print", "len", "range", "iter", "next", "getattr",
            "setattr", "isinstance", "super", "exec", "eval", "compile", "sorted", "list", "dict", "set", "tuple",
            "str", "int", "float", "bool", "bytes", "map", "filter", "zip", "enumerate", "type", "callable", "repr",
            "hash", "id", "vars", "dir", "globals", "locals", "hasattr", "min", "max", "sum", "any", "all", "abs",
            "round", "format", "anext", "aiter", "breakpoint", "__import__", "BaseException", "Exception",
            "KeyboardInterrupt", "SystemExit", "GeneratorExit", "RuntimeError", "ValueError", "KeyError",
            "TimeoutError", "OSError", "ConnectionError");

    private final SyntaxTree tree;
    private final String moduleId;
    private final String moduleName;
    private final boolean isPackage;
    private final FileFacts out;
    /** Module-level bindings: local name -> qualified name (imports, defs, classes, typed variables). */
    private final Map<String, String> globals = new HashMap<>();
    /** Module-level names bound to an instance: name -> qualified name of its type. */
    private final Map<String, String> globalTypes = new HashMap<>();
    private int seq;
    private boolean hasAsync;

    /** Per-function state. */
    private static final class Scope {
        final String fnId;
        final String qname;
        final Scope outer;
        final Map<String, String> names = new HashMap<>();
        final Map<String, String> types = new HashMap<>();
        /** Locals bound to a call's value; their later uses become NameUse facts. */
        final Set<String> callBound = new HashSet<>();
        boolean generator;

        Scope(String fnId, String qname, Scope outer) {
            this.fnId = fnId;
            this.qname = qname;
            this.outer = outer;
        }
    }

    /** Where a node sits: enclosing function, class, loops, finally/except blocks. */
    private record Ctx(Scope scope, String classQname, String selfClass, int loopDepth, String finallyOf,
                       String handlerOf, boolean mainGuard, String qprefix) {
        Ctx withLoop() { return new Ctx(scope, classQname, selfClass, loopDepth + 1, finallyOf, handlerOf, mainGuard, qprefix); }
        Ctx withFinally(String id) { return new Ctx(scope, classQname, selfClass, loopDepth, id, handlerOf, mainGuard, qprefix); }
        Ctx withHandler(String id) { return new Ctx(scope, classQname, selfClass, loopDepth, finallyOf, id, mainGuard, qprefix); }
        Ctx withMainGuard() { return new Ctx(scope, classQname, selfClass, loopDepth, finallyOf, handlerOf, true, qprefix); }
        String fnId() { return scope == null ? null : scope.fnId; }
    }

    private FactExtractor(String moduleId, String moduleName, SyntaxTree tree) {
        this.tree = tree;
        this.moduleId = moduleId;
        this.moduleName = moduleName;
        this.isPackage = ModuleNames.isPackageInit(moduleId);
        this.out = FileFacts.of(null, tree.source().lineCount());
    }

    /** Lowers a file whose module name is derived from its path. */
    public static FileFacts extract(String moduleId, SyntaxTree tree) {
        return extract(moduleId, ModuleNames.moduleName(moduleId), tree);
    }

    public static FileFacts extract(String moduleId, String moduleName, SyntaxTree tree) {
        FactExtractor x = new FactExtractor(moduleId, moduleName, tree);
        x.run();
        Module m = new Module(moduleId, x.moduleName, ModuleNames.isTest(moduleId), x.isPackage, x.hasAsync);
        List<Object> facts = new ArrayList<>(x.out.facts().size() + 1);
        facts.add(m);
        facts.addAll(x.out.facts());
        FileFacts result = new FileFacts(m, facts, x.out.warnings(), x.out.lines());
        if (tree.hasErrors()) {
            result.warnings().add(Diagnostic.warning(moduleId, tree.firstErrorLine(),
                    "syntax error; analyzed the parts tree-sitter could recover"));
        }
        return result;
    }

    private void run() {
        prescan(tree.root());
        Ctx top = new Ctx(null, null, null, 0, null, null, false, moduleName);
        visitBlock(tree.root(), top);
    }

    // ---------------------------------------------------------------- pre-scan of module-level names

    /** Binds module-level defs, classes and imports first, so calls earlier in the file resolve too. */
    private void prescan(PyNode module) {
        for (PyNode st : module.children()) {
            PyNode def = st.is("decorated_definition") ? st.field("definition") : st;
            if (def == null) continue;
            if (def.is("function_definition") || def.is("class_definition")) {
                PyNode name = def.field("name");
                if (name != null) globals.put(text(name), moduleName + "." + text(name));
            } else if (def.is("import_statement") || def.is("import_from_statement")) {
                bindImport(def, null, false);
            }
        }
    }

    // ---------------------------------------------------------------- statements

    private void visitBlock(PyNode block, Ctx c) {
        for (PyNode st : block.children()) visit(st, c);
    }

    private void visit(PyNode n, Ctx c) {
        switch (n.type) {
            case "import_statement", "import_from_statement" -> bindImport(n, c, true);
            case "decorated_definition" -> {
                PyNode def = n.field("definition");
                List<PyNode> decorators = new ArrayList<>();
                for (PyNode ch : n.children()) if (ch.is("decorator")) decorators.add(ch);
                for (PyNode d : decorators) expr(d, c, "other", null);
                if (def != null && def.is("function_definition")) function(def, c, decorators);
                else if (def != null && def.is("class_definition")) classDef(def, c, decorators);
            }
            case "function_definition" -> function(n, c, List.of());
            case "class_definition" -> classDef(n, c, List.of());
            case "if_statement" -> ifStatement(n, c);
            case "for_statement" -> {
                boolean isAsync = hasToken(n, "async");
                PyNode right = n.field("right");
                if (right != null) expr(right, c, "other", null);
                if (isAsync) awaitSite(n, c, "async-for", right, null);
                bindTarget(n.field("left"), null, c);
                add(new LoopStmt(moduleId, c.fnId(), isAsync ? "async-for" : "for", right == null ? "" : cut(text(right)),
                        line(n), tree.endLine(n), c.loopDepth + 1));
                Ctx inner = c.withLoop();
                PyNode body = n.field("body");
                if (body != null) visitBlock(body, inner);
                PyNode alt = n.field("alternative");
                if (alt != null) visitChildren(alt, c);
            }
            case "while_statement" -> {
                PyNode cond = n.field("condition");
                if (cond != null) expr(cond, c, "condition", null);
                add(new LoopStmt(moduleId, c.fnId(), "while", cond == null ? "" : cut(text(cond)), line(n), tree.endLine(n),
                        c.loopDepth + 1));
                PyNode body = n.field("body");
                if (body != null) visitBlock(body, c.withLoop());
                PyNode alt = n.field("alternative");
                if (alt != null) visitChildren(alt, c);
            }
            case "try_statement" -> tryStatement(n, c);
            case "with_statement" -> withStatement(n, c);
            case "return_statement" -> {
                if (c.scope != null) add(new ReturnStmt(moduleId, c.fnId(), line(n), c.finallyOf));
                for (PyNode ch : n.namedChildren()) expr(ch, c, "return", null);
            }
            case "expression_statement" -> {
                for (PyNode ch : n.namedChildren()) statementExpr(ch, c);
            }
            case "block", "else_clause", "finally_clause", "elif_clause", "case_clause", "match_statement",
                 "except_clause", "except_group_clause" -> visitChildren(n, c);
            case "break_statement", "continue_statement" -> jump(n, c);
            case "comment", "pass_statement", "global_statement",
                 "nonlocal_statement", "future_import_statement" -> { }
            default -> {
                if (n.is("raise_statement")) jump(n, c);
                if (n.named) {
                    // raise, assert, del, print, exec, type alias, ERROR nodes: walk the expressions inside.
                    for (PyNode ch : n.children()) {
                        if (isStatement(ch)) visit(ch, c);
                        else if (ch.named) expr(ch, c, "other", null);
                    }
                }
            }
        }
    }

    /** continue / break / raise inside a function. */
    private void jump(PyNode n, Ctx c) {
        if (c.scope == null) return;
        add(new JumpStmt(moduleId, c.fnId(), n.type.substring(0, n.type.indexOf('_')), line(n), c.loopDepth,
                c.finallyOf, c.handlerOf));
    }

    private static boolean isStatement(PyNode n) {
        return n.type.endsWith("_statement") || n.type.endsWith("_definition") || n.is("decorated_definition")
                || n.is("block");
    }

    private void visitChildren(PyNode n, Ctx c) {
        for (PyNode ch : n.children()) {
            if (isStatement(ch) || ch.is("except_clause") || ch.is("else_clause") || ch.is("finally_clause")
                    || ch.is("elif_clause") || ch.is("case_clause")) visit(ch, c);
            else if (ch.named && !ch.is("comment")) expr(ch, c, "other", null);
        }
    }

    private void ifStatement(PyNode n, Ctx c) {
        PyNode cond = n.field("condition");
        boolean mainGuard = c.scope == null && cond != null && isMainGuard(cond);
        if (cond != null) expr(cond, c, "condition", null);
        Ctx inner = mainGuard ? c.withMainGuard() : c;
        PyNode cons = n.field("consequence");
        if (cons != null) visitBlock(cons, inner);
        for (PyNode alt : n.fields("alternative")) {
            if (alt.is("elif_clause")) {
                PyNode ec = alt.field("condition");
                if (ec != null) expr(ec, c, "condition", null);
                PyNode b = alt.field("consequence");
                if (b != null) visitBlock(b, c);
            } else {
                visitChildren(alt, c);
            }
        }
    }

    private boolean isMainGuard(PyNode cond) {
        String t = text(cond).replace(" ", "").replace("'", "\"");
        return t.equals("__name__==\"__main__\"") || t.equals("\"__main__\"==__name__");
    }

    private void function(PyNode def, Ctx c, List<PyNode> decoratorNodes) {
        PyNode nameNode = def.field("name");
        String name = nameNode == null ? "<unknown>" : text(nameNode);
        boolean isAsync = hasToken(def, "async");
        if (isAsync) hasAsync = true;
        String qname = c.qprefix + "." + name;
        String id = nextId("f");
        List<String> decorators = new ArrayList<>();
        for (PyNode d : decoratorNodes) decorators.add(decoratorName(d, c));
        boolean inClassBody = c.classQname != null && (c.scope == null || !c.qprefix.contains("<locals>"))
                && c.qprefix.equals(c.classQname);
        String className = inClassBody ? c.classQname : null;
        if (c.scope != null) c.scope.names.put(name, qname);
        Scope scope = new Scope(id, qname, c.scope);
        String selfClass = inClassBody ? c.classQname : c.selfClass;
        Ctx inner = new Ctx(scope, null, selfClass, 0, null, null, false, qname + ".<locals>");
        int index = out.facts().size();
        PyNode params = def.field("parameters");
        if (params != null) parameters(params, inner);
        PyNode body = def.field("body");
        if (body != null) visitBlock(body, inner);
        Function f = new Function(id, moduleId, qname, name, isAsync, className, List.copyOf(decorators),
                c.fnId(), false, scope.generator, line(def), tree.endLine(def));
        out.facts().add(index, f);
    }

    private void parameters(PyNode params, Ctx c) {
        int paramIndex = 0;
        for (PyNode p : params.namedChildren()) {
            String paramName = parameterName(p);
            if (paramName != null && c.scope != null) add(new Parameter(moduleId, c.fnId(), paramName, paramIndex++));
            // An annotated parameter (`session: aiohttp.ClientSession`) is an instance of that type.
            if (paramName != null && c.scope != null && (p.is("typed_parameter") || p.is("typed_default_parameter"))) {
                PyNode t = p.field("type");
                PyNode te = t == null ? null : (t.is("type") ? firstNamed(t) : t);
                if (te != null && (te.is("identifier") || te.is("attribute"))) {
                    String r = resolve(te, c);
                    if (r != null && !r.startsWith("builtins.") && !r.startsWith("typing.")) c.scope.types.put(paramName, r);
                }
            }
            // Defaults are evaluated in the enclosing scope, but walking them here is harmless for calls.
            PyNode v = p.field("value");
            if (v != null) expr(v, c, "other", null);
        }
    }

    /** The name a parameter binds (`x` in `x`, `x: int`, `x=1`, `*x`, `**x`); null for `*` and `/`. */
    private String parameterName(PyNode p) {
        if (p.is("identifier")) return text(p);
        if (p.is("default_parameter") || p.is("typed_default_parameter")) {
            PyNode n = p.field("name");
            return n == null ? null : text(n);
        }
        if (p.is("typed_parameter") || p.is("list_splat_pattern") || p.is("dictionary_splat_pattern")) {
            for (PyNode ch : p.namedChildren()) {
                if (ch.is("identifier")) return text(ch);
                if (ch.is("list_splat_pattern") || ch.is("dictionary_splat_pattern")) return parameterName(ch);
            }
        }
        return null;
    }

    private String decoratorName(PyNode decorator, Ctx c) {
        PyNode e = null;
        for (PyNode ch : decorator.children()) if (ch.named && !ch.is("comment")) e = ch;
        if (e == null) return text(decorator);
        if (e.is("call")) e = e.field("function");
        if (e == null) return text(decorator);
        String r = resolve(e, c);
        return r != null ? r : text(e);
    }

    private void classDef(PyNode def, Ctx c, List<PyNode> decorators) {
        PyNode nameNode = def.field("name");
        String name = nameNode == null ? "<unknown>" : text(nameNode);
        String qname = c.qprefix + "." + name;
        if (c.scope != null) c.scope.names.put(name, qname);
        List<String> bases = new ArrayList<>();
        PyNode sup = def.field("superclasses");
        if (sup != null) {
            for (PyNode b : sup.namedChildren()) {
                if (b.is("keyword_argument")) continue;
                String r = resolve(b, c);
                bases.add(r != null ? r : text(b));
            }
        }
        add(new ClassDef(nextId("k"), moduleId, qname, name, List.copyOf(bases), line(def)));
        PyNode body = def.field("body");
        Ctx inner = new Ctx(c.scope, qname, c.selfClass, c.loopDepth, c.finallyOf, c.handlerOf, c.mainGuard, qname);
        if (body != null) visitBlock(body, inner);
    }

    private void tryStatement(PyNode n, Ctx c) {
        String id = nextId("t");
        PyNode body = n.field("body");
        PyNode fin = n.child("finally_clause");
        int bodyEnd = body == null ? line(n) : tree.endLine(body);
        add(new TryBlock(id, moduleId, c.fnId(), line(n), bodyEnd, tree.endLine(n), fin != null));
        if (body != null) visitBlock(body, c);
        for (PyNode ch : n.children()) {
            if (ch.is("except_clause") || ch.is("except_group_clause")) exceptClause(ch, id, c);
            else if (ch.is("else_clause")) visitChildren(ch, c);
        }
        if (fin != null) visitChildren(fin, c.withFinally(id));
    }

    private void exceptClause(PyNode n, String tryId, Ctx c) {
        String id = nextId("h");
        List<String> caught = new ArrayList<>();
        PyNode block = n.child("block");
        String alias = null;
        for (PyNode ch : n.children()) {
            if (!ch.named || ch == block || ch.is("comment")) continue;
            PyNode typeExpr = ch;
            if (ch.is("as_pattern")) {
                PyNode first = ch.namedChildren().isEmpty() ? null : ch.namedChildren().get(0);
                PyNode target = ch.field("alias");
                if (target != null) alias = text(target).replace("as ", "").trim();
                typeExpr = first;
            }
            if (typeExpr == null) continue;
            if ("alias".equals(ch.field) || (alias != null && text(ch).equals(alias))) { alias = text(ch); continue; }
            List<PyNode> types = typeExpr.is("tuple") || typeExpr.is("parenthesized_expression")
                    ? typeExpr.namedChildren() : List.of(typeExpr);
            for (PyNode t : types) {
                if (t.is("tuple")) { for (PyNode tt : t.namedChildren()) caught.add(typeName(tt, c)); }
                else caught.add(typeName(t, c));
            }
        }
        boolean reraises = block != null && containsRaise(block);
        String exit = block == null ? "other" : handlerExit(block);
        add(new ExceptHandler(id, moduleId, c.fnId(), tryId, List.copyOf(caught), reraises, exit, c.loopDepth,
                line(n), tree.endLine(n), alias));
        if (block != null) visitBlock(block, c.withHandler(id));
    }

    private String typeName(PyNode t, Ctx c) {
        String r = resolve(t, c);
        if (r != null) return r.startsWith("builtins.") ? r.substring("builtins.".length()) : r;
        return text(t);
    }

    private boolean containsRaise(PyNode n) {
        for (PyNode ch : n.children()) {
            if (ch.is("raise_statement")) return true;
            if (ch.is("function_definition") || ch.is("class_definition") || ch.is("decorated_definition") || ch.is("lambda")) continue;
            if (containsRaise(ch)) return true;
        }
        return false;
    }

    /** How a handler body ends, judged by its last statement. */
    private String handlerExit(PyNode block) {
        PyNode last = null;
        for (PyNode ch : block.children()) if (ch.named && !ch.is("comment")) last = ch;
        if (last == null) return "other";
        return switch (last.type) {
            case "pass_statement" -> "pass";
            case "continue_statement" -> "continue";
            case "break_statement" -> "break";
            case "return_statement" -> "return";
            case "raise_statement" -> "raise";
            case "expression_statement" -> text(last).equals("...") ? "pass" : "other";
            default -> "other";
        };
    }

    private void withStatement(PyNode n, Ctx c) {
        boolean isAsync = hasToken(n, "async");
        PyNode clause = n.child("with_clause");
        List<PyNode> items = new ArrayList<>();
        if (clause != null) {
            for (PyNode ch : clause.children()) if (ch.is("with_item")) items.add(ch);
            // Parenthesized multi-item forms nest items in a tuple.
            if (items.isEmpty()) collectWithItems(clause, items);
        }
        PyNode body = n.field("body");
        for (PyNode item : items) {
            PyNode value = item.field("value");
            if (value == null) continue;
            PyNode expr = value;
            String target = null;
            if (value.is("as_pattern")) {
                List<PyNode> named = value.namedChildren();
                expr = named.isEmpty() ? value : named.get(0);
                PyNode alias = value.field("alias");
                if (alias != null) target = text(alias).trim();
            }
            String callId = null;
            PyNode unwrapped = expr.is("await") ? firstNamed(expr) : expr;
            if (unwrapped != null && unwrapped.is("call")) {
                callId = call(unwrapped, c, expr.is("await") ? "await" : "with", target, expr.is("await"));
                if (expr.is("await")) awaitSite(expr, c, "await", unwrapped, callId);
                if (target != null && c.scope != null) {
                    String t = resolve(unwrapped.field("function"), c);
                    if (t != null) c.scope.types.put(target, t);
                }
            } else if (expr != null) {
                expr(expr, c, "with", null);
            }
            add(new WithBlock(nextId("w"), moduleId, c.fnId(), isAsync, cut(text(expr)), callId, target, line(n),
                    tree.endLine(n), c.loopDepth));
            if (isAsync) awaitSite(n, c, "async-with", expr, null);
        }
        if (body != null) visitBlock(body, c);
    }

    private void collectWithItems(PyNode n, List<PyNode> items) {
        for (PyNode ch : n.children()) {
            if (ch.is("with_item")) items.add(ch);
            else if (ch.named) collectWithItems(ch, items);
        }
    }

    /** An expression used as a statement: its value is discarded unless it binds something. */
    private void statementExpr(PyNode e, Ctx c) {
        switch (e.type) {
            case "assignment", "augmented_assignment" -> assignment(e, c);
            default -> expr(e, c, "discard", null);
        }
    }

    private void assignment(PyNode a, Ctx c) {
        PyNode left = a.field("left");
        PyNode right = a.field("right");
        if (right == null) { if (left != null) expr(left, c, "other", null); return; }
        String target = left == null ? null : text(left);
        if (right.is("assignment")) { // chained a = b = f()
            assignment(right, c);
            return;
        }
        PyNode value = right.is("await") ? firstNamed(right) : right;
        if (value != null && value.is("call") && left != null && (left.is("identifier") || left.is("attribute"))) {
            String callId = call(value, c, right.is("await") ? "await" : "assign", target, right.is("await"));
            if (right.is("await")) awaitSite(right, c, "await", value, callId);
            add(new Assignment(nextId("a"), moduleId, c.fnId(), target, callId, line(a)));
            bindTarget(left, value, c);
            if (left.is("identifier") && c.scope != null && !right.is("await")) c.scope.callBound.add(target);
        } else {
            expr(right, c, "assign", target);
            if (left != null) {
                bindTarget(left, null, c);
                if (value != null && left.is("identifier") && c.scope == null && (value.is("identifier") || value.is("attribute"))) {
                    // Module-level alias of a function: g = f
                    String r = resolve(value, c);
                    if (r != null) {
                        add(new FunctionAlias(moduleId, moduleName + "." + target, r, null, line(a)));
                        globals.put(target, r);
                    }
                }
            }
        }
        if (left != null && !left.is("identifier")) exprChildren(left, c);
    }

    /** Records what a name now stands for: a typed instance, a wrapped function, or nothing known. */
    private void bindTarget(PyNode left, PyNode callValue, Ctx c) {
        if (left == null) return;
        if (left.is("identifier")) {
            String name = text(left);
            if (callValue == null) {
                if (c.scope != null) { c.scope.types.remove(name); c.scope.names.remove(name); }
                return;
            }
            PyNode fn = callValue.field("function");
            String r = fn == null ? null : resolve(fn, c);
            if (r == null) return;
            if (c.scope == null) {
                globalTypes.put(name, r);
                // Wrapped function: f2 = to_async(f)
                PyNode args = callValue.field("arguments");
                if (args != null) {
                    List<PyNode> pos = args.namedChildren();
                    if (!pos.isEmpty() && (pos.get(0).is("identifier") || pos.get(0).is("attribute"))) {
                        String wrapped = resolve(pos.get(0), c);
                        if (wrapped != null && !wrapped.startsWith("builtins.")) {
                            add(new FunctionAlias(moduleId, moduleName + "." + name, wrapped, r, line(left)));
                        }
                    }
                }
            } else {
                c.scope.types.put(name, r);
            }
        } else if (left.is("attribute")) {
            PyNode obj = left.field("object");
            PyNode attr = left.field("attribute");
            if (obj != null && attr != null && obj.is("identifier") && (text(obj).equals("self") || text(obj).equals("cls"))
                    && c.selfClass != null && callValue != null) {
                PyNode fn = callValue.field("function");
                String r = fn == null ? null : resolve(fn, c);
                if (r != null) add(new AttrType(c.selfClass, text(attr), r));
            }
        } else if (left.is("pattern_list") || left.is("tuple_pattern") || left.is("list_pattern")) {
            for (PyNode ch : left.namedChildren()) bindTarget(ch, null, c);
        }
    }

    // ---------------------------------------------------------------- expressions

    /**
     * Walks an expression. `usage` says how the parent uses this expression's value, so that a call
     * found directly here knows whether it is awaited, discarded, tested, passed on, ...
     */
    private void expr(PyNode e, Ctx c, String usage, String target) {
        switch (e.type) {
            case "call" -> call(e, c, usage, target, false);
            case "await" -> {
                PyNode inner = firstNamed(e);
                if (inner == null) return;
                PyNode unwrapped = unparen(inner);
                String callId = null;
                if (unwrapped.is("call")) callId = call(unwrapped, c, "await", target, true);
                else expr(inner, c, "await", null);
                awaitSite(e, c, "await", unwrapped, callId);
            }
            case "lambda" -> lambda(e, c);
            case "identifier" -> nameUse(e, c, usage);
            case "attribute" -> {
                PyNode obj = e.field("object");
                if (obj != null) expr(obj, c, "attribute", null);
            }
            case "subscript" -> {
                PyNode v = e.field("value");
                if (v != null) expr(v, c, "subscript", null);
                for (PyNode s : e.fields("subscript")) expr(s, c, "other", null);
            }
            case "parenthesized_expression" -> { for (PyNode ch : e.namedChildren()) expr(ch, c, usage, target); }
            case "not_operator", "boolean_operator" -> { for (PyNode ch : e.namedChildren()) expr(ch, c, "condition", null); }
            case "binary_operator", "comparison_operator", "unary_operator" -> {
                for (PyNode ch : e.namedChildren()) expr(ch, c, "operator", null);
            }
            case "conditional_expression" -> {
                List<PyNode> ch = e.namedChildren();
                for (int i = 0; i < ch.size(); i++) expr(ch.get(i), c, i == 1 ? "condition" : usage, target);
            }
            case "list", "tuple", "set", "expression_list" -> { for (PyNode ch : e.namedChildren()) expr(ch, c, "collection", null); }
            case "dictionary" -> {
                for (PyNode p : e.namedChildren()) { for (PyNode ch : p.namedChildren()) expr(ch, c, "collection", null); }
            }
            case "list_comprehension", "set_comprehension", "generator_expression", "dictionary_comprehension" -> {
                PyNode body = e.field("body");
                for (PyNode ch : e.namedChildren()) {
                    if (ch == body) expr(ch, c, "comprehension", null);
                    else if (ch.is("for_in_clause")) {
                        boolean isAsync = hasToken(ch, "async");
                        for (PyNode x : ch.namedChildren()) if (!"left".equals(x.field)) expr(x, c, "other", null);
                        if (isAsync) awaitSite(ch, c, "async-for", ch, null);
                    }
                    else exprChildren(ch, c);
                }
            }
            case "yield" -> {
                if (c.scope != null) c.scope.generator = true;
                for (PyNode ch : e.namedChildren()) expr(ch, c, "yield", null);
            }
            case "named_expression" -> {
                PyNode v = e.field("value");
                if (v != null) expr(v, c, "assign", null);
            }
            case "keyword_argument" -> {
                PyNode v = e.field("value");
                if (v != null) expr(v, c, usage, target);
            }
            case "string", "integer", "float", "true", "false", "none", "comment", "ellipsis" -> {
                if (e.is("string")) exprChildren(e, c); // f-string interpolations
            }
            default -> exprChildren(e, c);
        }
    }

    private void exprChildren(PyNode e, Ctx c) {
        for (PyNode ch : e.children()) {
            if (!ch.named || ch.is("comment")) continue;
            if (isStatement(ch)) visit(ch, c);
            else expr(ch, c, "other", null);
        }
    }

    private String lambda(PyNode e, Ctx c) {
        String id = nextId("f");
        String qname = c.qprefix + ".<lambda>";
        Scope scope = new Scope(id, qname, c.scope);
        Ctx inner = new Ctx(scope, null, c.selfClass, 0, null, null, false, qname + ".<locals>");
        int index = out.facts().size();
        PyNode body = e.field("body");
        if (body != null) expr(body, inner, "return", null);
        out.facts().add(index, new Function(id, moduleId, qname, "<lambda>", false, null, List.of(), c.fnId(), true, false,
                line(e), tree.endLine(e)));
        return id;
    }

    private void nameUse(PyNode id, Ctx c, String usage) {
        if (c.scope == null) return;
        String name = text(id);
        for (Scope s = c.scope; s != null; s = s.outer) {
            if (s.callBound.contains(name)) {
                add(new NameUse(moduleId, c.fnId(), name, usage, currentParentCall, line(id)));
                return;
            }
        }
    }

    /** Set while the arguments of a call are walked, so argument uses know their receiver. */
    private String currentParentCall;
    private int currentArgIndex = -1;
    private String currentKeyword;

    private String call(PyNode e, Ctx c, String usage, String target, boolean awaited) {
        String id = nextId("c");
        PyNode fn = e.field("function");
        PyNode args = e.field("arguments");
        String callee = fn == null ? "" : noSpace(cut(text(fn)));
        String resolved = fn == null ? null : resolve(fn, c);
        String receiver = null;
        if (fn != null && fn.is("attribute")) {
            PyNode obj = fn.field("object");
            if (obj != null) receiver = noSpace(cut(text(obj)));
        }
        List<String> keywords = new ArrayList<>();
        List<String> keywordValues = new ArrayList<>();
        List<String> positional = new ArrayList<>();
        List<PyNode> argNodes = new ArrayList<>();
        if (args != null) {
            for (PyNode a : args.namedChildren()) {
                if (a.is("comment")) continue;
                argNodes.add(a);
                if (a.is("keyword_argument")) {
                    PyNode k = a.field("name");
                    PyNode v = a.field("value");
                    keywords.add(k == null ? "" : text(k));
                    keywordValues.add(v == null ? "" : cut(text(v)));
                } else if (!a.is("dictionary_splat") && !a.is("list_splat")) {
                    positional.add(cut(text(a)));
                }
            }
        }
        String parentCall = "argument".equals(usage) ? currentParentCall : null;
        int argIndex = "argument".equals(usage) ? currentArgIndex : -1;
        String keyword = "argument".equals(usage) ? currentKeyword : null;
        int index = out.facts().size();
        // The called expression itself (receiver chains like a().b()) is walked first.
        if (fn != null && !fn.is("identifier")) {
            String saved = currentParentCall;
            if (fn.is("attribute")) { PyNode obj = fn.field("object"); if (obj != null) expr(obj, c, "attribute", null); }
            else expr(fn, c, "other", null);
            currentParentCall = saved;
        }
        int pos = 0;
        for (PyNode a : argNodes) {
            String savedParent = currentParentCall;
            int savedIdx = currentArgIndex;
            String savedKw = currentKeyword;
            currentParentCall = id;
            if (a.is("keyword_argument")) {
                PyNode k = a.field("name");
                currentArgIndex = -1;
                currentKeyword = k == null ? "" : text(k);
                PyNode v = a.field("value");
                // A lambda argument is walked by argRef (once), other values here.
                if (v != null && !argRef(v, false, id, c)) expr(v, c, "argument", null);
            } else {
                currentArgIndex = pos++;
                currentKeyword = null;
                PyNode inner = a.is("list_splat") || a.is("dictionary_splat") ? firstNamed(a) : a;
                boolean walked = inner != null && !a.is("dictionary_splat") && argRef(inner, a.is("list_splat"), id, c);
                if (inner != null && !walked) expr(inner, c, "argument", null);
            }
            currentParentCall = savedParent;
            currentArgIndex = savedIdx;
            currentKeyword = savedKw;
        }
        out.facts().add(index, new Call(id, moduleId, c.fnId(), callee, resolved, receiver, awaited, usage,
                "assign".equals(usage) || "await".equals(usage) || "with".equals(usage) ? target : null,
                parentCall, argIndex, keyword, List.copyOf(keywords), List.copyOf(keywordValues), List.copyOf(positional),
                line(e), tree.column(e), c.loopDepth, c.finallyOf, c.handlerOf, c.mainGuard));
        return id;
    }

    /**
     * An argument passed by reference: a name or attribute with a known meaning, a lambda (walked
     * here, so its Function fact exists) or a `*splat`. Called with the current argument state set.
     */
    private boolean argRef(PyNode a, boolean star, String callId, Ctx c) {
        PyNode u = unparen(a);
        String lambdaId = null;
        String resolved = null;
        int index = out.facts().size();
        if (u.is("lambda") && !star) lambdaId = lambda(u, c);
        else if (!star && (u.is("identifier") || u.is("attribute"))) {
            resolved = resolve(u, c);
            if (resolved == null) return false;
        } else if (!star) {
            return false;
        }
        out.facts().add(index, new ArgRef(moduleId, c.fnId(), callId, currentArgIndex,
                currentKeyword, cut(text(a)), resolved, lambdaId, star, line(a), tree.column(a)));
        return lambdaId != null;
    }

    private void awaitSite(PyNode n, Ctx c, String kind, PyNode operand, String callId) {
        add(new AwaitSite(nextId("aw"), moduleId, c.fnId(), callId, kind, operand == null ? "" : cut(text(operand)),
                line(n), tree.column(n), c.finallyOf));
    }

    // ---------------------------------------------------------------- name resolution

    /**
     * The qualified name an expression stands for, as far as this file tells: `r.get` with
     * `import requests as r` is `requests.get`; `self.publish` in class C is `mod.C.publish`;
     * `s.get` with `s = requests.Session()` is `requests.Session.get`. Null when unknown.
     */
    private String resolve(PyNode e, Ctx c) {
        if (e == null) return null;
        switch (e.type) {
            case "identifier" -> {
                String name = text(e);
                if ((name.equals("self") || name.equals("cls")) && c.selfClass != null) return c.selfClass;
                for (Scope s = c.scope; s != null; s = s.outer) {
                    String t = s.types.get(name);
                    if (t != null) return t;
                    String q = s.names.get(name);
                    if (q != null) return q;
                }
                String t = globalTypes.get(name);
                if (t != null) return t;
                String g = globals.get(name);
                if (g != null) return g;
                if (BUILTINS.contains(name)) return "builtins." + name;
                return null;
            }
            case "attribute" -> {
                PyNode obj = e.field("object");
                PyNode attr = e.field("attribute");
                if (obj == null || attr == null) return null;
                String base = resolve(obj, c);
                return base == null ? null : base + "." + text(attr);
            }
            case "call" -> {
                // Foo().bar -> Foo.bar (an instance of the constructed type)
                PyNode fn = e.field("function");
                String r = resolve(fn, c);
                return r;
            }
            case "parenthesized_expression" -> {
                PyNode inner = firstNamed(e);
                return inner == null ? null : resolve(inner, c);
            }
            default -> { return null; }
        }
    }

    private void bindImport(PyNode n, Ctx c, boolean emit) {
        boolean moduleLevel = c == null || c.scope == null;
        if (n.is("import_statement")) {
            for (PyNode ch : n.fields("name")) {
                String alias, target;
                if (ch.is("aliased_import")) {
                    target = text(ch.field("name"));
                    alias = text(ch.field("alias"));
                } else {
                    target = text(ch);
                    alias = target.contains(".") ? target.substring(0, target.indexOf('.')) : target;
                    if (target.contains(".")) target = alias;
                }
                bind(alias, target, n, c, moduleLevel, emit);
            }
        } else {
            PyNode mod = n.field("module_name");
            String base = mod == null ? "" : absoluteModule(mod);
            boolean any = false;
            for (PyNode ch : n.fields("name")) {
                any = true;
                String alias, name;
                if (ch.is("aliased_import")) {
                    name = text(ch.field("name"));
                    alias = text(ch.field("alias"));
                } else {
                    name = text(ch);
                    alias = name;
                }
                bind(alias, base.isEmpty() ? name : base + "." + name, n, c, moduleLevel, emit);
            }
            if (!any && emit && hasWildcard(n)) add(new ImportAlias(moduleId, "*", base, line(n)));
        }
    }

    private static boolean hasWildcard(PyNode n) {
        for (PyNode ch : n.children()) if (ch.is("wildcard_import")) return true;
        return false;
    }

    private void bind(String alias, String target, PyNode n, Ctx c, boolean moduleLevel, boolean emit) {
        alias = noSpace(alias);
        target = noSpace(target);
        if (moduleLevel) globals.put(alias, target);
        else c.scope.names.put(alias, target);
        if (emit) add(new ImportAlias(moduleId, alias, target, line(n)));
    }

    /** `from ..x import y` in pkg/sub/mod.py -> pkg.x */
    private String absoluteModule(PyNode mod) {
        if (!mod.is("relative_import")) return noSpace(text(mod));
        PyNode prefix = mod.child("import_prefix");
        int dots = prefix == null ? 0 : text(prefix).length();
        PyNode dotted = mod.child("dotted_name");
        String[] parts = moduleName.isEmpty() ? new String[0] : moduleName.split("\\.");
        // A package's __init__ is the package itself; a module's level-1 base is its package.
        int keep = parts.length - (isPackage ? dots - 1 : dots);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.max(0, keep); i++) { if (i > 0) sb.append('.'); sb.append(parts[i]); }
        if (dotted != null) { if (sb.length() > 0) sb.append('.'); sb.append(text(dotted)); }
        return sb.toString();
    }

    // ---------------------------------------------------------------- helpers

    private void add(Object fact) { out.facts().add(fact); }

    private String nextId(String kind) { return moduleId + "#" + kind + (++seq); }

    private String text(PyNode n) { return n == null ? "" : tree.text(n); }

    private int line(PyNode n) { return tree.line(n); }

    /** s without whitespace (`a .\n b` -> `a.b`); most texts have none, so no regex and no copy then. */
    static String noSpace(String s) {
        int i = 0;
        while (i < s.length() && !Character.isWhitespace(s.charAt(i))) i++;
        if (i == s.length()) return s;
        StringBuilder sb = new StringBuilder(s.length()).append(s, 0, i);
        for (; i < s.length(); i++) if (!Character.isWhitespace(s.charAt(i))) sb.append(s.charAt(i));
        return sb.toString();
    }

    private static String cut(String s) { return s.length() > MAX_TEXT ? s.substring(0, MAX_TEXT) : s; }

    private static PyNode firstNamed(PyNode n) {
        for (PyNode ch : n.children()) if (ch.named && !ch.is("comment")) return ch;
        return null;
    }

    private static PyNode unparen(PyNode n) {
        while (n.is("parenthesized_expression")) {
            PyNode inner = firstNamed(n);
            if (inner == null) break;
            n = inner;
        }
        return n;
    }

    private static boolean hasToken(PyNode n, String token) {
        for (PyNode ch : n.children()) {
            if (!ch.named && ch.type.equals(token)) return true;
            if (ch.named) break;
        }
        return false;
    }
}
