package asyncdoctor.cache;

import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A compact binary form for fact records (strings, ints, longs, booleans and lists of strings):
 * far faster than Java serialization for the hundreds of thousands of facts a large tree yields.
 * Strings are written once per stream and referred to by index afterwards.
 */
final class RecordCodec {
    private record Shape(Class<?> type, RecordComponent[] components, Constructor<?> constructor, char[] kinds) {}

    private static final Map<Class<?>, Shape> SHAPES = new ConcurrentHashMap<>();
    /** Shapes by class name: a cached file names its fact types once per fact, and Class.forName is slow. */
    private static final Map<String, Shape> SHAPES_BY_NAME = new ConcurrentHashMap<>();

    private RecordCodec() {}

    private static Shape shape(Class<?> type) {
        return SHAPES.computeIfAbsent(type, t -> {
            RecordComponent[] rc = t.getRecordComponents();
            if (rc == null) throw new IllegalArgumentException(t + " is not a record");
            Class<?>[] params = new Class<?>[rc.length];
            char[] kinds = new char[rc.length];
            for (int i = 0; i < rc.length; i++) {
                params[i] = rc[i].getType();
                kinds[i] = kind(rc[i].getGenericType(), t);
            }
            try {
                Constructor<?> c = t.getDeclaredConstructor(params);
                c.setAccessible(true);
                return new Shape(t, rc, c, kinds);
            } catch (NoSuchMethodException e) {
                throw new IllegalArgumentException(e);
            }
        });
    }

    private static char kind(Type g, Class<?> owner) {
        if (g == String.class) return 'S';
        if (g == int.class) return 'I';
        if (g == long.class) return 'J';
        if (g == boolean.class) return 'Z';
        if (g instanceof ParameterizedType p && p.getRawType() == List.class && p.getActualTypeArguments()[0] == String.class) return 'L';
        throw new IllegalArgumentException(owner.getName() + ": field type " + g + " cannot be cached");
    }

    static final class Writer {
        private final DataOutputStream out;
        private final Map<String, Integer> strings = new HashMap<>();

        Writer(DataOutputStream out) { this.out = out; }

        void write(Object record) throws IOException {
            Shape s = shape(record.getClass());
            string(s.type().getName());
            try {
                for (int i = 0; i < s.components().length; i++) {
                    Object v = s.components()[i].getAccessor().invoke(record);
                    switch (s.kinds()[i]) {
                        case 'S' -> string((String) v);
                        case 'I' -> out.writeInt((Integer) v);
                        case 'J' -> out.writeLong((Long) v);
                        case 'Z' -> out.writeBoolean((Boolean) v);
                        default -> {
                            @SuppressWarnings("unchecked") List<String> l = (List<String>) v;
                            out.writeInt(l == null ? -1 : l.size());
                            if (l != null) for (String x : l) string(x);
                        }
                    }
                }
            } catch (ReflectiveOperationException e) {
                throw new IOException(e);
            }
        }

        void string(String s) throws IOException {
            if (s == null) { out.writeInt(-1); return; }
            Integer idx = strings.get(s);
            if (idx != null) { out.writeInt(idx); return; }
            out.writeInt(-2);
            out.writeUTF(s.length() > 20000 ? s.substring(0, 20000) : s);
            strings.put(s, strings.size());
        }
    }

    /**
     * Reads what {@link Writer} wrote (DataOutputStream's encoding) straight from the bytes of a whole
     * file, rather than through a DataInputStream over a buffered stream, which takes the stream's
     * lock and copies through a buffer for every int and string of hundreds of thousands of facts.
     */
    static final class Reader {
        private final byte[] b;
        private int pos;
        private final List<String> strings = new ArrayList<>();

        Reader(byte[] bytes) { this.b = bytes; }

        /**
         * The whole cache file, past its leading magic number; null when there is no such file or it
         * starts with another number (another format). One read, no separate existence check: the
         * facts cache opens one of these per parsed file.
         */
        static Reader open(java.nio.file.Path file, int magic) throws IOException {
            Reader r;
            try {
                r = new Reader(java.nio.file.Files.readAllBytes(file));
            } catch (java.nio.file.NoSuchFileException e) {
                return null;
            }
            return r.readInt() == magic ? r : null;
        }

        private void need(int n) throws IOException {
            if (n < 0 || pos + n > b.length) throw new java.io.EOFException("truncated at byte " + pos);
        }

        int readInt() throws IOException {
            need(4);
            int v = (b[pos] & 0xff) << 24 | (b[pos + 1] & 0xff) << 16 | (b[pos + 2] & 0xff) << 8 | (b[pos + 3] & 0xff);
            pos += 4;
            return v;
        }

        long readLong() throws IOException {
            long hi = readInt() & 0xffffffffL;
            return hi << 32 | (readInt() & 0xffffffffL);
        }

        boolean readBoolean() throws IOException {
            need(1);
            return b[pos++] != 0;
        }

        byte[] readBytes(int n) throws IOException {
            need(n);
            byte[] out = java.util.Arrays.copyOfRange(b, pos, pos + n);
            pos += n;
            return out;
        }

        int readUnsignedByte() throws IOException {
            need(1);
            return b[pos++] & 0xff;
        }

        /** DataOutput.writeUTF's form: a two-byte length, then modified UTF-8 (plain ASCII for most names). */
        String readUTF() throws IOException {
            need(2);
            int len = (b[pos] & 0xff) << 8 | (b[pos + 1] & 0xff);
            int start = pos + 2;
            pos = start;
            need(len);
            boolean ascii = true;
            for (int i = start, end = start + len; i < end; i++) {
                if (b[i] <= 0) { ascii = false; break; }
            }
            String s = ascii ? new String(b, start, len, java.nio.charset.StandardCharsets.ISO_8859_1)
                    : java.io.DataInputStream.readUTF(new java.io.DataInputStream(new java.io.ByteArrayInputStream(b, start - 2, len + 2)));
            pos = start + len;
            return s;
        }

        Object read() throws IOException {
            String cls = string();
            if (cls == null) throw new IOException("a fact without a type");
            Shape s = SHAPES_BY_NAME.get(cls);
            if (s == null) {
                try {
                    s = shape(Class.forName(cls, true, RecordCodec.class.getClassLoader()));
                } catch (ClassNotFoundException e) {
                    throw new IOException("unknown fact type " + cls);
                }
                SHAPES_BY_NAME.put(cls, s);
            }
            Object[] args = new Object[s.kinds().length];
            for (int i = 0; i < args.length; i++) {
                args[i] = switch (s.kinds()[i]) {
                    case 'S' -> string();
                    case 'I' -> readInt();
                    case 'J' -> readLong();
                    case 'Z' -> readBoolean();
                    default -> {
                        int n = readInt();
                        if (n < 0) yield null;
                        List<String> l = new ArrayList<>(n);
                        for (int k = 0; k < n; k++) l.add(string());
                        yield List.copyOf(l);
                    }
                };
            }
            try {
                return s.constructor().newInstance(args);
            } catch (ReflectiveOperationException e) {
                throw new IOException(e);
            }
        }

        String string() throws IOException {
            int i = readInt();
            if (i == -1) return null;
            if (i == -2) {
                String s = readUTF();
                strings.add(s);
                return s;
            }
            if (i < 0 || i >= strings.size()) throw new IOException("bad string reference " + i);
            return strings.get(i);
        }
    }
}
