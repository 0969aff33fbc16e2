package asyncdoctor.cache;

import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A binary form for the values that reach and leave the rules: facts, and what rules hand to
 * {@code report.finding}. It knows null, strings, ints, longs, doubles, booleans, lists, maps (kept
 * in their order) and records made of those. Anything else (a type declared in DRL, say) is
 * {@link Unencodable}, and the caller does without the cache. Unlike {@link RecordCodec} (the fact
 * records' fixed field kinds, for the facts cache) it tags every value and never shortens a string.
 */
final class ValueCodec {
    /** A value this codec has no form for. */
    static final class Unencodable extends IOException {
        Unencodable(Class<?> type) {
            super(type.getName() + " has no cached form");
        }
    }

    /** A record type's components, read through generated accessors, and its canonical constructor. */
    private record Shape(java.util.function.Function<Object, Object>[] getters, Constructor<?> constructor) {}

    private static final Map<Class<?>, Shape> SHAPES = new ConcurrentHashMap<>();

    private ValueCodec() {}

    private static Shape shape(Class<?> type) {
        return SHAPES.computeIfAbsent(type, t -> {
            RecordComponent[] rc = t.getRecordComponents();
            Class<?>[] params = new Class<?>[rc.length];
            for (int i = 0; i < rc.length; i++) params[i] = rc[i].getType();
            try {
                Constructor<?> c = t.getDeclaredConstructor(params);
                c.setAccessible(true);
                @SuppressWarnings("unchecked") java.util.function.Function<Object, Object>[] getters = new java.util.function.Function[rc.length];
                for (int i = 0; i < rc.length; i++) getters[i] = getter(t, rc[i].getAccessor());
                return new Shape(getters, c);
            } catch (NoSuchMethodException e) {
                throw new IllegalArgumentException(e);
            }
        });
    }

    /**
     * A component's accessor as a plain Function (a class LambdaMetafactory spins): a key hashes
     * millions of components, and reflective calls cost several times more under the quick JIT tier
     * the launcher uses. Reflection remains for accessors this class cannot see.
     */
    @SuppressWarnings("unchecked")
    private static java.util.function.Function<Object, Object> getter(Class<?> type, java.lang.reflect.Method accessor) {
        try {
            var lookup = java.lang.invoke.MethodHandles.privateLookupIn(type, java.lang.invoke.MethodHandles.lookup());
            var impl = lookup.unreflect(accessor);
            Class<?> ret = accessor.getReturnType();
            Class<?> boxed = ret.isPrimitive() ? java.lang.invoke.MethodType.methodType(ret).wrap().returnType() : ret;
            var site = java.lang.invoke.LambdaMetafactory.metafactory(lookup, "apply",
                    java.lang.invoke.MethodType.methodType(java.util.function.Function.class),
                    java.lang.invoke.MethodType.methodType(Object.class, Object.class), impl,
                    java.lang.invoke.MethodType.methodType(boxed, type));
            return (java.util.function.Function<Object, Object>) site.getTarget().invoke();
        } catch (Throwable e) {
            accessor.setAccessible(true);
            return r -> {
                try {
                    return accessor.invoke(r);
                } catch (ReflectiveOperationException x) {
                    throw new IllegalStateException(x);
                }
            };
        }
    }

    /** Where encoded values go: a cache file, or a hash. */
    interface Sink {
        void tag(int tag) throws IOException;
        void int32(int v) throws IOException;
        void int64(long v) throws IOException;
        void string(String s) throws IOException;
    }

    /**
     * Each string once per stream, then by its index; the first time its length and UTF-8 bytes,
     * whatever its length (the bytes go to {@code bytes}, which knows whether it needs the length).
     */
    private abstract static class StringTable implements Sink {
        // Open addressing over the strings' own (cached) hash codes: a key hashes millions of
        // strings, and a HashMap's nodes, boxed indexes and resizes cost more than the hashing.
        private String[] keys = new String[1 << 10];
        private int[] indexes = new int[1 << 10];
        private int size;

        abstract void bytes(byte[] b) throws IOException;

        public void string(String s) throws IOException {
            int mask = keys.length - 1;
            int i = mix(s.hashCode()) & mask;
            for (String k; (k = keys[i]) != null; i = (i + 1) & mask) {
                if (k == s || k.equals(s)) { int32(indexes[i]); return; }
            }
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            int32(-1 - b.length);
            bytes(b);
            keys[i] = s;
            indexes[i] = size++;
            if (size * 2 > keys.length) grow();
        }

        private static int mix(int h) { return h ^ (h >>> 16); }

        private void grow() {
            String[] oldKeys = keys;
            int[] oldIndexes = indexes;
            keys = new String[oldKeys.length * 2];
            indexes = new int[oldKeys.length * 2];
            int mask = keys.length - 1;
            for (int j = 0; j < oldKeys.length; j++) {
                if (oldKeys[j] == null) continue;
                int i = mix(oldKeys[j].hashCode()) & mask;
                while (keys[i] != null) i = (i + 1) & mask;
                keys[i] = oldKeys[j];
                indexes[i] = oldIndexes[j];
            }
        }
    }

    /** A cache file's form. */
    static Sink toData(DataOutputStream out) {
        return new StringTable() {
            public void tag(int tag) throws IOException { out.writeByte(tag); }
            public void int32(int v) throws IOException { out.writeInt(v); }
            public void int64(long v) throws IOException { out.writeLong(v); }
            void bytes(byte[] b) throws IOException { out.write(b); }
        };
    }

    /**
     * The same sequence straight into a hash, so different values cannot hash alike unless the hash
     * collides. Strings repeat a lot (module and function names in ids): the table saves encoding them.
     */
    static Sink toHash(com.dynatrace.hash4j.hashing.HashStream128 h) {
        return new StringTable() {
            public void tag(int tag) { h.putByte((byte) tag); }
            public void int32(int v) { h.putInt(v); }
            public void int64(long v) { h.putLong(v); }
            void bytes(byte[] b) { h.putBytes(b); }
        };
    }

    static final class Writer {
        private final Sink out;

        Writer(Sink out) { this.out = out; }

        /** An if-chain, not a type switch: with the quick JIT tier, instanceof tests are far cheaper. */
        void write(Object v) throws IOException {
            if (v == null) {
                out.tag('N');
            } else if (v instanceof String s) {
                out.tag('S');
                out.string(s);
            } else if (v instanceof Record r) {
                out.tag('R');
                out.string(r.getClass().getName());
                for (java.util.function.Function<Object, Object> get : shape(r.getClass()).getters()) write(get.apply(r));
            } else if (v instanceof Integer i) {
                out.tag('I');
                out.int32(i);
            } else if (v instanceof Boolean b) {
                out.tag(b ? 'T' : 'F');
            } else if (v instanceof List<?> l) {
                out.tag('L');
                out.int32(l.size());
                if (l instanceof java.util.RandomAccess) for (int i = 0, n = l.size(); i < n; i++) write(l.get(i));
                else for (Object x : l) write(x);
            } else if (v instanceof Long l) {
                out.tag('J');
                out.int64(l);
            } else if (v instanceof Double d) {
                out.tag('D');
                out.int64(Double.doubleToLongBits(d));
            } else if (v instanceof Map<?, ?> m) {
                out.tag('M');
                out.int32(m.size());
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    write(e.getKey());
                    write(e.getValue());
                }
            } else {
                throw new Unencodable(v.getClass());
            }
        }
    }

    static final class Reader {
        private final RecordCodec.Reader in;
        private final List<String> strings = new ArrayList<>();
        private static final Map<String, Class<?>> TYPES = new ConcurrentHashMap<>();

        Reader(RecordCodec.Reader in) { this.in = in; }

        Object read() throws IOException {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 'N': return null;
                case 'S': return string();
                case 'I': return in.readInt();
                case 'J': return in.readLong();
                case 'D': return Double.longBitsToDouble(in.readLong());
                case 'T': return Boolean.TRUE;
                case 'F': return Boolean.FALSE;
                case 'L': {
                    int n = count();
                    List<Object> l = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) l.add(read());
                    return Collections.unmodifiableList(l);
                }
                case 'M': {
                    int n = count();
                    Map<Object, Object> m = new LinkedHashMap<>();
                    for (int i = 0; i < n; i++) m.put(read(), read());
                    return Collections.unmodifiableMap(m);
                }
                case 'R': {
                    Shape s = shape(type(string()));
                    Object[] args = new Object[s.getters().length];
                    for (int i = 0; i < args.length; i++) args[i] = read();
                    try {
                        return s.constructor().newInstance(args);
                    } catch (ReflectiveOperationException | IllegalArgumentException e) {
                        throw new IOException("cannot rebuild a " + s.constructor().getDeclaringClass().getName() + ": " + e);
                    }
                }
                default: throw new IOException("unknown value tag " + tag);
            }
        }

        private int count() throws IOException {
            int n = in.readInt();
            if (n < 0) throw new IOException("negative length " + n);
            return n;
        }

        private static Class<?> type(String name) throws IOException {
            Class<?> t = TYPES.get(name);
            if (t != null) return t;
            try {
                t = Class.forName(name, true, ValueCodec.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IOException("unknown type " + name);
            }
            if (!t.isRecord()) throw new IOException(name + " is not a record");
            TYPES.put(name, t);
            return t;
        }

        private String string() throws IOException {
            int i = in.readInt();
            if (i >= 0) {
                if (i >= strings.size()) throw new IOException("bad string reference " + i);
                return strings.get(i);
            }
            String s = new String(in.readBytes(-1 - i), StandardCharsets.UTF_8);
            strings.add(s);
            return s;
        }
    }
}
