package asyncdoctor.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import asyncdoctor.facts.Call;
import asyncdoctor.parse.PythonParser;
import asyncdoctor.parse.SourceText;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The planner's linker gains files between resolutions and forgets only the unresolved results
 * that the new files can change ({@link Linker#incremental()}). Whatever order files come in, it
 * must answer every name exactly as a linker that forgets all unresolved results on each add.
 */
class LinkerTest {
    /**
     * Re-exports, relative imports, bases in other modules, attribute types, aliases, a suffix two
     * packages share, and a second file of the module shop.base (a vendored copy): its class is not
     * taken (first definition wins) but its new methods, attribute types and imports are.
     */
    private static final Map<String, String> TREE = new LinkedHashMap<>();
    static {
        TREE.put("shop/__init__.py", "from .orders import place as place_order\nfrom shop.repo import Repo\n");
        TREE.put("shop/orders.py", """
                from shop.repo import Repo
                from .util import helper
                import shop.base as base

                class Orders(base.Service):
                    def __init__(self):
                        self.repo = Repo()

                    async def place(self, x):
                        self.repo.save(x)
                        self.close()
                        helper(x)
                        return self.fetch(x)

                async def place(x):
                    return await Orders().place(x)

                place2 = base.wrap(place)
                """);
        TREE.put("shop/repo.py", """
                import requests

                class Repo:
                    def save(self, x):
                        requests.post("u", json=x)
                """);
        TREE.put("shop/base.py", """
                class Root:
                    def fetch(self, x):
                        return x

                class Service(Root):
                    def close(self):
                        pass

                def wrap(f):
                    return f
                """);
        TREE.put("shop/util.py", "def helper(x):\n    return x\n");
        TREE.put("other/util.py", "def helper(x):\n    return x\n");
        TREE.put("vendored/shop/base.py", """
                from shop.util import helper as fetch_helper

                class Service:
                    def __init__(self):
                        self.cache = Store()

                    def reset(self):
                        pass

                class Store:
                    def get(self):
                        pass

                def wrap(f):
                    return f

                fetch2 = wrap(fetch_helper)
                """);
        TREE.put("app.py", """
                import shop
                from shop import place_order
                from util import helper
                from shop.orders import place2, Orders

                async def main():
                    await shop.place_order(1)
                    await place_order(2)
                    helper(3)
                    place2(4)
                    o = Orders()
                    await o.place(5)
                    shop.Repo().save(6)
                    o.reset()
                    o.cache.get()
                    shop.base.fetch_helper(7)
                    shop.base.fetch2(8)
                """);
    }

    private static List<FileFacts> lower(Map<String, String> tree) {
        List<FileFacts> files = new ArrayList<>();
        try (PythonParser parser = new PythonParser()) {
            for (var e : tree.entrySet()) {
                String module = e.getKey().replace("vendored/", "").replace("/__init__.py", "").replace(".py", "").replace('/', '.');
                files.add(FactExtractor.extract(e.getKey(), module, parser.parse(SourceText.of(e.getValue()))));
            }
        }
        return files;
    }

    /** Fresh fact lists (linking rewrites them in place), in the order the analyzer links them. */
    private static List<FileFacts> copiesByModule(List<FileFacts> files) {
        List<FileFacts> out = new ArrayList<>();
        for (FileFacts ff : files) out.add(new FileFacts(ff.module(), new ArrayList<>(ff.facts()), ff.warnings(), ff.lines()));
        out.sort(java.util.Comparator.comparing(f -> f.module().id()));
        return out;
    }

    /**
     * The planner's linker builds its tables in the rounds' order (or, when the last run's plan holds,
     * a collecting linker in that plan's order); the analyzer links with them instead of building its
     * own in module order. Whatever the order, linking must come out the same.
     */
    @Test
    void theRoundsTablesLinkAsTablesBuiltInModuleOrder() {
        Map<String, String> tree = new LinkedHashMap<>(TREE);
        tree.remove("vendored/shop/base.py");
        // imports relative to a root the analyzer does not know resolve through the suffix index
        tree.put("svc/jobqueue.py", "def take():\n    pass\n");
        tree.put("svc/worker.py", "from jobqueue import take\n\nasync def run():\n    take()\n");
        List<FileFacts> files = lower(tree);
        List<FileFacts> expected = copiesByModule(files);
        new Linker(expected).link(expected);
        int rewritten = 0;
        for (int i = 0; i < files.size(); i++) {
            List<FileFacts> sorted = copiesByModule(files);
            for (int j = 0; j < sorted.get(i).facts().size(); j++) if (sorted.get(i).facts().get(j) != expected.get(i).facts().get(j)) rewritten++;
        }
        assertNotEquals(0, rewritten, "linking rewrites some names here");
        Random random = new Random(11);
        for (int order = 0; order < 20; order++) {
            List<FileFacts> shuffled = new ArrayList<>(files);
            Collections.shuffle(shuffled, random);
            Linker rounds = Linker.incremental();
            for (FileFacts ff : shuffled) {
                rounds.add(List.of(ff));
                rounds.canonical("shop.place_order"); // resolutions between adds, as in the rounds
            }
            Linker collecting = Linker.collecting();
            for (FileFacts ff : shuffled) collecting.add(List.of(ff));
            for (Linker.Tables tables : List.of(rounds.tablesForLinking(), collecting.tablesForLinking())) {
                assertNotNull(tables, "no name is defined twice");
                List<FileFacts> linked = copiesByModule(files);
                new Linker(tables).link(linked);
                for (int i = 0; i < linked.size(); i++) assertEquals(expected.get(i).facts(), linked.get(i).facts(), "order " + order);
            }
        }
    }

    /** Where two files define one name, the first added wins it: the rounds' order would show, so their tables are not used. */
    @Test
    void noTablesWhenANameIsDefinedTwice() {
        Linker sameModule = Linker.incremental();
        sameModule.add(lower(TREE)); // shop/base.py and vendored/shop/base.py are both the module shop.base
        assertNull(sameModule.tablesForLinking());

        Map<String, String> dotted = new LinkedHashMap<>();
        dotted.put("pkg/a.py", "class b:\n    def c(self):\n        pass\n");
        dotted.put("pkg/a/b.py", "def c():\n    pass\n");
        Linker sameName = Linker.incremental();
        sameName.add(lower(dotted)); // both define pkg.a.b.c
        assertNull(sameName.tablesForLinking());

        Linker once = Linker.incremental();
        dotted.remove("pkg/a/b.py");
        once.add(lower(dotted));
        assertNotNull(once.tablesForLinking());
        Linker collecting = Linker.collecting();
        collecting.add(lower(dotted));
        assertNotNull(collecting.tablesForLinking());
        assertNull(new Linker(lower(dotted)).tablesForLinking(), "only incremental and collecting linkers offer their tables");
    }

    @Test
    void forgetsOnlyWhatNewFilesChangeAndAnswersAsForgettingEverything() throws Exception {
        List<FileFacts> files = lower(TREE);
        // Every call's name and its dotted prefixes, plus names that only later files define.
        Set<String> names = new TreeSet<>(List.of("util.helper", "orders.place", "shop.place_order", "shop.orders.Orders.repo.save",
                "shop.orders.Orders.fetch", "shop.orders.place2", "base.Service.close", "shop.Repo.save"));
        for (FileFacts ff : files) {
            for (Call c : ff.all(Call.class)) {
                if (c.resolved() == null) continue;
                for (String q = c.resolved(); ; q = q.substring(0, q.lastIndexOf('.'))) {
                    names.add(q);
                    if (q.lastIndexOf('.') <= 0) break;
                }
            }
        }
        Random random = new Random(7);
        int answersThatChanged = 0;
        for (int order = 0; order < 40; order++) {
            List<FileFacts> shuffled = new ArrayList<>(files);
            Collections.shuffle(shuffled, random);
            Linker tracking = Linker.incremental();
            Linker forgetting = new Linker(List.of());
            Map<String, String> first = new LinkedHashMap<>();
            for (FileFacts ff : shuffled) {
                tracking.add(List.of(ff));
                forgetting.add(List.of(ff));
                for (String q : names) {
                    String expected = forgetting.canonical(q);
                    assertEquals(expected, tracking.canonical(q), q + " after adding " + ff.module().id() + " (order " + order + ")");
                    String before = first.putIfAbsent(q, expected);
                    if (before != null && !before.equals(expected)) answersThatChanged++;
                }
            }
        }
        // The comparison means something only if adding files does change answers along the way.
        assertNotEquals(0, answersThatChanged);
    }
}
