package asyncdoctor.engine;

import asyncdoctor.extract.FileFacts;
import asyncdoctor.facts.Call;
import asyncdoctor.facts.Function;
import asyncdoctor.facts.Module;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Look-ups from ids to facts, for rendering findings and chains. */
public final class FactIndex {
    private final Map<String, Call> calls = new HashMap<>();
    private final Map<String, Function> functions = new HashMap<>();
    private final Map<String, Module> modules = new HashMap<>();

    public FactIndex(List<FileFacts> files) {
        for (FileFacts ff : files) {
            modules.put(ff.module().id(), ff.module());
            for (Object f : ff.facts()) {
                if (f instanceof Call c) calls.put(c.id(), c);
                else if (f instanceof Function fn) functions.put(fn.id(), fn);
            }
        }
    }

    public Call call(String id) { return calls.get(id); }

    public Function function(String id) { return id == null ? null : functions.get(id); }

    public Module module(String id) { return modules.get(id); }
}
