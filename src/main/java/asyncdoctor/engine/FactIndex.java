package asyncdoctor.engine;

import asyncdoctor.extract.FileFacts;
import asyncdoctor.facts.Call;
import asyncdoctor.facts.Function;
import asyncdoctor.facts.Module;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Look-ups from ids to facts, for rendering findings and chains. A fact's id starts with its module's
 * id (`module#c12`), so a module's facts are indexed when one of them is first asked for: a report
 * touches a few modules of a tree, and indexing every fact of a large tree up front was a tenth of a
 * second on the serial path after the rules.
 */
public final class FactIndex {
    private final Map<String, List<FileFacts>> files = new HashMap<>();
    private final Map<String, Module> modules = new HashMap<>();
    private final Map<String, Map<String, Call>> calls = new HashMap<>();
    private final Map<String, Map<String, Function>> functions = new HashMap<>();

    public FactIndex(List<FileFacts> files) {
        for (FileFacts ff : files) {
            modules.put(ff.module().id(), ff.module());
            this.files.computeIfAbsent(ff.module().id(), k -> new ArrayList<>(1)).add(ff);
        }
    }

    public synchronized Call call(String id) {
        String module = moduleOf(id);
        if (module == null) return null;
        index(module);
        return calls.get(module).get(id);
    }

    public synchronized Function function(String id) {
        String module = moduleOf(id);
        if (module == null) return null;
        index(module);
        return functions.get(module).get(id);
    }

    public Module module(String id) { return modules.get(id); }

    private static String moduleOf(String id) {
        int hash = id == null ? -1 : id.lastIndexOf('#');
        return hash < 0 ? null : id.substring(0, hash);
    }

    private void index(String module) {
        if (calls.containsKey(module)) return;
        Map<String, Call> c = new HashMap<>();
        Map<String, Function> f = new HashMap<>();
        for (FileFacts ff : files.getOrDefault(module, List.of())) {
            for (Object o : ff.facts()) {
                if (o instanceof Call call) c.put(call.id(), call);
                else if (o instanceof Function fn) f.put(fn.id(), fn);
            }
        }
        calls.put(module, c);
        functions.put(module, f);
    }
}
