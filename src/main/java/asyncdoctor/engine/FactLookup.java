package asyncdoctor.engine;

import asyncdoctor.facts.ArgRef;
import asyncdoctor.facts.Assignment;
import asyncdoctor.facts.AwaitSite;
import asyncdoctor.facts.Call;
import asyncdoctor.facts.CallEdge;
import asyncdoctor.facts.ExceptHandler;
import asyncdoctor.facts.Function;
import asyncdoctor.facts.JumpStmt;
import asyncdoctor.facts.LoopStmt;
import asyncdoctor.facts.NameUse;
import asyncdoctor.facts.Parameter;
import asyncdoctor.facts.ReturnStmt;
import asyncdoctor.facts.TryBlock;
import asyncdoctor.facts.WithBlock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code facts} global of the knowledge base: base facts by id, and the base facts inside a
 * function, for rules to write {@code Call(awaited == false) from facts.call($id)} instead of
 * {@code Call(id == $id, awaited == false)}, and {@code AwaitSite(line > $l) from facts.awaits($fn)}
 * instead of {@code AwaitSite(fn == $fn, line > $l)}.
 *
 * <p>Why: a join pattern keeps every fact that passes its own constraints in a memory, and tens of
 * thousands of Calls times dozens of such patterns was most of the engine's work on a large tree
 * (see -Dasyncdoctor.profile). A lookup by id costs one hash probe per candidate instead.
 * Only the facts inserted before firing are here (never derived ones: {@code from} does not react
 * to later insertions).
 */
public final class FactLookup {
    private final Map<String, List<Call>> calls = new HashMap<>();
    private final Map<String, List<Function>> functions = new HashMap<>();
    private final Map<String, List<Call>> byParentCall = new HashMap<>();
    private final Map<String, List<Call>> byHandler = new HashMap<>();
    private final Map<String, List<Call>> byFinally = new HashMap<>();
    private final Map<String, List<Call>> byResolved = new HashMap<>();
    private final Map<String, List<Call>> byLine = new HashMap<>();
    private final Map<String, List<CallEdge>> edgeOf = new HashMap<>();
    private final Map<String, List<CallEdge>> edgesFrom = new HashMap<>();
    private final Map<String, List<CallEdge>> edgesTo = new HashMap<>();
    private final Map<String, List<Function>> byQname = new HashMap<>();
    private final Map<String, List<Function>> byName = new HashMap<>();
    private final Map<String, List<Function>> functionsByModule = new HashMap<>();
    private final Map<String, List<asyncdoctor.facts.ClassDef>> classes = new HashMap<>();
    private final Map<String, List<asyncdoctor.facts.ClassDef>> classesByBaseName = new HashMap<>();
    private final Map<String, List<asyncdoctor.facts.Module>> modules = new HashMap<>();
    private final Map<String, List<Assignment>> assignmentsByModule = new HashMap<>();
    private final Map<String, List<Assignment>> assignmentsByCall = new HashMap<>();
    private final Map<String, List<ArgRef>> argRefsByCall = new HashMap<>();
    private final Map<String, List<asyncdoctor.facts.ImportAlias>> importsByModule = new HashMap<>();
    private final Map<String, List<NameUse>> namesByModuleAndName = new HashMap<>();
    /** Base facts by enclosing function id, one map per fact type. */
    private final Map<Class<?>, Map<String, List<Object>>> inFunction = new HashMap<>();

    private static <T> void index(Map<String, List<T>> map, String key, T fact) {
        if (key != null) map.computeIfAbsent(key, k -> new ArrayList<>(2)).add(fact);
    }

    void add(Object fact) {
        if (fact instanceof Call c) {
            calls.put(c.id(), List.of(c));
            index(byParentCall, c.parentCall(), c);
            index(byHandler, c.inHandler(), c);
            index(byFinally, c.inFinally(), c);
            index(byResolved, c.resolved(), c);
            index(byLine, c.module() + ":" + c.line(), c);
        } else if (fact instanceof Function f) {
            functions.put(f.id(), List.of(f));
            index(byQname, f.qname(), f);
            index(byName, f.name(), f);
            index(functionsByModule, f.module(), f);
        } else if (fact instanceof asyncdoctor.facts.ClassDef cd) {
            index(classes, cd.qname(), cd);
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (String base : cd.bases()) if (base != null && seen.add(lastName(base))) index(classesByBaseName, lastName(base), cd);
        } else if (fact instanceof asyncdoctor.facts.Module m) {
            modules.put(m.id(), List.of(m));
        } else if (fact instanceof Assignment a) {
            index(assignmentsByModule, a.module(), a);
            index(assignmentsByCall, a.call(), a);
        } else if (fact instanceof ArgRef a) {
            index(argRefsByCall, a.call(), a);
        } else if (fact instanceof asyncdoctor.facts.ImportAlias ia) {
            index(importsByModule, ia.module(), ia);
        } else if (fact instanceof NameUse u) {
            index(namesByModuleAndName, u.module() + "|" + u.name(), u);
        } else if (fact instanceof CallEdge e) {
            index(edgeOf, e.call(), e);
            index(edgesFrom, e.caller(), e);
            index(edgesTo, e.callee(), e);
        }
        String fn = fact instanceof Function ? null
                : fact instanceof asyncdoctor.facts.Located l ? l.fn() : fact instanceof Parameter p ? p.fn() : null;
        if (fn != null) {
            inFunction.computeIfAbsent(fact.getClass(), k -> new HashMap<>())
                    .computeIfAbsent(fn, k -> new ArrayList<>(4)).add(fact);
        }
    }

    @SuppressWarnings("unchecked")
    private <T> List<T> in(Class<T> type, String fn) {
        if (fn == null) return List.of();
        Map<String, List<Object>> byFn = inFunction.get(type);
        return byFn == null ? List.of() : (List<T>) (List<?>) byFn.getOrDefault(fn, List.of());
    }

    /** The calls written as arguments of the call with this id (`parentCall`). */
    public List<Call> arguments(String parentCall) { return get(byParentCall, parentCall); }
    /** The calls inside the except clause with this id (`inHandler`). */
    public List<Call> inHandler(String handler) { return get(byHandler, handler); }
    /** The calls inside the finally block of the try with this id (`inFinally`). */
    public List<Call> inFinally(String tryId) { return get(byFinally, tryId); }
    /** The calls whose resolved name is this. */
    public List<Call> callsTo(String resolved) { return get(byResolved, resolved); }
    /** The calls on a line of a module. */
    public List<Call> callsAt(String module, int line) { return get(byLine, module + ":" + line); }
    /** The call edge of a call (several when more than one definition has the callee's name). */
    public List<CallEdge> edge(String call) { return get(edgeOf, call); }
    public List<CallEdge> edgesFrom(String caller) { return get(edgesFrom, caller); }
    public List<CallEdge> edgesTo(String callee) { return get(edgesTo, callee); }

    private static <T> List<T> get(Map<String, List<T>> map, String key) {
        return key == null ? List.of() : map.getOrDefault(key, List.of());
    }

    /** The calls inside the function with this id (not inside its nested defs or lambdas). */
    public List<Call> calls(String fn) { return in(Call.class, fn); }
    public List<AwaitSite> awaits(String fn) { return in(AwaitSite.class, fn); }
    public List<WithBlock> withs(String fn) { return in(WithBlock.class, fn); }
    public List<TryBlock> tries(String fn) { return in(TryBlock.class, fn); }
    public List<ExceptHandler> handlers(String fn) { return in(ExceptHandler.class, fn); }
    public List<LoopStmt> loops(String fn) { return in(LoopStmt.class, fn); }
    public List<ReturnStmt> returns(String fn) { return in(ReturnStmt.class, fn); }
    public List<JumpStmt> jumps(String fn) { return in(JumpStmt.class, fn); }
    public List<NameUse> names(String fn) { return in(NameUse.class, fn); }
    public List<Assignment> assignments(String fn) { return in(Assignment.class, fn); }
    public List<Parameter> parameters(String fn) { return in(Parameter.class, fn); }
    public List<ArgRef> argRefs(String fn) { return in(ArgRef.class, fn); }

    /** The functions (and lambdas) with this qualified name: several for conditional or repeated defs. */
    public List<Function> functionsNamed(String qname) { return get(byQname, qname); }
    /** The functions and methods with this simple name, in any class or module. */
    public List<Function> functionsCalled(String name) { return get(byName, name); }
    /** The functions, methods and lambdas of a module. */
    public List<Function> functionsIn(String module) { return get(functionsByModule, module); }
    /** The class statements with this qualified name. */
    public List<asyncdoctor.facts.ClassDef> classDef(String qname) { return get(classes, qname); }
    /**
     * The class statements with a base whose last dotted name is the last dotted name of {@code cls}
     * (`class Sub(pkg.Base)`, `class Sub(Base)` for `app.models.Base`): the candidate subclasses, to
     * check more closely. Few classes have subclasses, so this beats a scan of methods by name.
     */
    public List<asyncdoctor.facts.ClassDef> classesWithBase(String cls) {
        return cls == null ? List.of() : classesByBaseName.getOrDefault(lastName(cls), List.of());
    }

    private static String lastName(String dotted) { return dotted.substring(dotted.lastIndexOf('.') + 1); }

    /** The module with this id, as a list of zero or one. */
    public List<asyncdoctor.facts.Module> module(String id) { return get(modules, id); }
    /** The assignments of a module, at module level and in its functions (`fn == null` for module level). */
    public List<Assignment> assignmentsIn(String module) { return get(assignmentsByModule, module); }
    /** The assignments whose value is the call with this id (`x = call()`). */
    public List<Assignment> assignmentsOf(String call) { return get(assignmentsByCall, call); }
    /** The names and functions passed as arguments of the call with this id. */
    public List<ArgRef> argRefsOf(String call) { return get(argRefsByCall, call); }
    /** The imports of a module (also those inside its functions). */
    public List<asyncdoctor.facts.ImportAlias> importsIn(String module) { return get(importsByModule, module); }
    /** The uses of a name in a module, in any of its functions. */
    public List<NameUse> nameUses(String module, String name) {
        return module == null || name == null ? List.of() : namesByModuleAndName.getOrDefault(module + "|" + name, List.of());
    }

    /** The call with this id, as a list of zero or one (null ids find nothing). */
    public List<Call> call(String id) {
        return id == null ? List.of() : calls.getOrDefault(id, List.of());
    }

    /** The function (or lambda) with this id, as a list of zero or one. */
    public List<Function> function(String id) {
        return id == null ? List.of() : functions.getOrDefault(id, List.of());
    }
}
