package asyncdoctor.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import asyncdoctor.TestSupport;
import asyncdoctor.engine.Engine;
import asyncdoctor.facts.Call;
import asyncdoctor.facts.Function;
import asyncdoctor.parse.PythonParser;
import asyncdoctor.parse.SourceText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Which functions' facts go into the rule session. */
class AsyncScopeTest {
    private static final String APP = """
            import asyncio
            import threading
            from lib import wrapped_send, plain_util

            async def handler():
                helper()
                asyncio.get_running_loop().call_soon(on_ready)

            def helper():
                deeper()

            def deeper():
                open("/etc/hosts").read()

            def on_ready():
                pass

            def spawns():
                asyncio.ensure_future(handler())

            def calls_wrapper():
                wrapped_send("x")

            def unrelated():
                for i in range(10):
                    plain_util(i)

            def also_unrelated():
                return sorted([3, 1], key=unrelated)

            class Base:
                async def close(self):
                    pass

            class Sync(Base):
                def close(self):
                    pass

                def other(self):
                    return 1
            """;
    private static final String LIB = """
            async def send(x):
                pass

            def wrapped_send(x):
                return send(x)

            def plain_util(i):
                return i * 2
            """;

    @Test
    void keepsAsyncCodeAndWhatItReaches() throws Exception {
        Map<String, String> sources = new TreeMap<>(Map.of("app.py", APP, "lib.py", LIB));
        List<FileFacts> files = new ArrayList<>();
        try (PythonParser parser = new PythonParser()) {
            for (var e : sources.entrySet()) files.add(FactExtractor.extract(e.getKey(), e.getKey().replace(".py", ""), parser.parse(SourceText.of(e.getValue()))));
        }
        new Linker(files).link(files);
        var asyncApi = Engine.asyncApi(Engine.catalogHits(files, TestSupport.analyzer().knowledgeBase().catalogs(), 1));
        AsyncScope scope = AsyncScope.of(files, asyncApi, 1);
        Map<String, Function> byQname = new TreeMap<>();
        for (FileFacts ff : files) for (Function f : ff.all(Function.class)) byQname.put(f.qname(), f);
        // The per-file parts are found on worker threads: the same scope on two threads as on one.
        AsyncScope onTwo = AsyncScope.of(files, asyncApi, 2);
        assertEquals(scope.size(), onTwo.size());
        for (Function f : byQname.values()) assertEquals(scope.contains(f.id()), onTwo.contains(f.id()), f.qname());
        for (String kept : List.of("app.handler", "app.helper", "app.deeper", "app.on_ready", "app.spawns",
                "app.calls_wrapper", "lib.send", "lib.wrapped_send", "app.Base.close")) {
            assertTrue(scope.contains(byQname.get(kept).id()), kept + " should be in scope");
        }
        for (String left : List.of("app.unrelated", "app.also_unrelated", "lib.plain_util", "app.Sync.other")) {
            assertFalse(scope.contains(byQname.get(left).id()), left + " should be left out");
        }
        // A sync method that may override an async one keeps its Function fact (rules look it up by name),
        // but not the facts inside it.
        assertTrue(scope.keeps(byQname.get("app.Sync.close")));
        assertFalse(scope.keeps(byQname.get("app.unrelated")));
        List<FileFacts> narrowed = scope.narrow(files, 1);
        long unrelatedCalls = narrowed.stream().flatMap(ff -> ff.all(Call.class).stream())
                .filter(c -> c.fn() != null && c.fn().equals(byQname.get("app.unrelated").id())).count();
        assertEquals(0, unrelatedCalls);
        long helperCalls = narrowed.stream().flatMap(ff -> ff.all(Call.class).stream())
                .filter(c -> c.fn() != null && c.fn().equals(byQname.get("app.deeper").id())).count();
        assertTrue(helperCalls > 0, "calls inside a reached sync function stay");
    }
}
