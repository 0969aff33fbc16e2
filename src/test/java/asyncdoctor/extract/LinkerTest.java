package asyncdoctor.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

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

    @Test
    void forgetsOnlyWhatNewFilesChangeAndAnswersAsForgettingEverything() throws Exception {
        List<FileFacts> files = new ArrayList<>();
        try (PythonParser parser = new PythonParser()) {
            for (var e : TREE.entrySet()) {
                String module = e.getKey().replace("vendored/", "").replace("/__init__.py", "").replace(".py", "").replace('/', '.');
                files.add(FactExtractor.extract(e.getKey(), module, parser.parse(SourceText.of(e.getValue()))));
            }
        }
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
