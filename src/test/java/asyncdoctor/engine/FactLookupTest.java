package asyncdoctor.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import asyncdoctor.facts.ClassDef;
import java.util.List;
import org.junit.jupiter.api.Test;

class FactLookupTest {
    private static ClassDef cls(String qname, String... bases) {
        return new ClassDef("m:" + qname, "m", qname, qname.substring(qname.lastIndexOf('.') + 1), List.of(bases), 1);
    }

    @Test
    void classesWithBaseFindEveryClassNamingTheBaseByItsLastName() {
        FactLookup facts = new FactLookup();
        ClassDef qualified = cls("app.SyncTransport", "app.base.Transport");
        ClassDef simple = cls("app.Other", "Transport", "Mixin");
        ClassDef twice = cls("app.Twice", "Transport", "base.Transport");
        ClassDef unrelated = cls("app.Plain", "BaseTransport", "object");
        for (ClassDef c : List.of(qualified, simple, twice, unrelated)) facts.add(c);

        assertEquals(List.of(qualified, simple, twice), facts.classesWithBase("app.base.Transport"));
        assertEquals(List.of(qualified, simple, twice), facts.classesWithBase("Transport"));
        assertEquals(List.of(simple), facts.classesWithBase("x.Mixin"));
        assertEquals(List.of(), facts.classesWithBase("Missing"));
        assertEquals(List.of(), facts.classesWithBase(null));
    }
}
