package asyncdoctor.extract;

import asyncdoctor.facts.AttrType;
import asyncdoctor.facts.Call;
import asyncdoctor.facts.ClassDef;
import asyncdoctor.facts.Function;
import asyncdoctor.facts.FunctionAlias;
import asyncdoctor.facts.ImportAlias;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finishes name resolution across the whole tree: re-exports through package __init__ files,
 * methods found in base classes, methods of attributes whose type is known (`self.repo = Repo()`),
 * and module-level aliases and wrappers (`f2 = to_async(f)`). Rewrites Call.resolved in place.
 */
public final class Linker {
    /** The tables: what the files define, by name (see {@link Tables}). */
    private final Map<String, Function> functions;
    private final Map<String, ClassDef> classes;
    private final Map<String, Map<String, String>> moduleAliases;
    private final Map<String, String> attrTypes;
    private final Map<String, String> aliases;
    private final Map<String, String> memo = new HashMap<>();
    /** Memo keys whose result is not a definition yet: the next {@link #add} may resolve them. */
    private final List<String> memoUnresolved = new java.util.ArrayList<>();
    /**
     * Null unless the linker gains files between resolutions ({@link #incremental}). Then, for each
     * memoized name whose result is not a definition yet, the names its resolution looked up (in any
     * table, its sub-resolutions' included), and the other way round: {@link #add} forgets only the
     * results that a name it adds or changes was looked up for, instead of every one of them.
     */
    private final Map<String, Set<String>> lookedUp;
    private final Map<String, List<String>> lookedUpBy;
    /** The names looked up by the resolutions in progress, innermost last (tracking only). */
    private final ArrayDeque<Set<String>> frames = new ArrayDeque<>();
    /** Names added to a table or whose suffix entry changed in the current {@link #add} (tracking only). */
    private final List<String> changed = new java.util.ArrayList<>();
    /** How often the depth limit stopped a resolution (cycles of aliases or bases). */
    private int cutoffs;
    /**
     * Every dotted suffix of a known qualified name (function, class, module) -> that name, or
     * {@link #AMBIGUOUS} when several names end in it: `jobqueue.take` -> `app.jobqueue.take`.
     */
    private final Map<String, String> bySuffix;
    private final Set<String> indexed;
    private static final String AMBIGUOUS = new String("<ambiguous>");
    private final Set<String> modules;
    /**
     * Incremental and collecting linkers only: the module (by id) that put each attribute type and
     * alias into its table, and whether a name was defined by two files (see {@link #tablesForLinking}).
     */
    private final Map<String, String> ownerOf;
    private boolean definedTwice;

    /**
     * Top-level modules of the standard library. An absolute import of one of them means the stdlib,
     * so a name under it is never re-rooted onto a tree module that happens to share its last segment
     * (`import socket` is not trio/socket.py, `import asyncio` is not zeroconf/asyncio.py).
     */
    static final Set<String> STDLIB = Set.of(
            "abc", "argparse", "array", "ast", "asynchat", "asyncio", "asyncore", "atexit", "base64", "bdb",
            "binascii", "bisect", "builtins", "bz2", "cProfile", "calendar", "cgi", "cmath", "cmd", "code", "codecs",
            "codeop", "collections", "colorsys", "compileall", "concurrent", "configparser", "contextlib",
            "contextvars", "copy", "copyreg", "csv", "ctypes", "curses", "dataclasses", "datetime", "dbm", "decimal",
            "difflib", "dis", "distutils", "doctest", "email", "encodings", "ensurepip", "enum", "errno",
            "faulthandler", "fcntl", "filecmp", "fileinput", "fnmatch", "fractions", "ftplib", "functools", "gc",
            "genericpath", "getopt", "getpass", "gettext", "glob", "graphlib", "grp", "gzip", "hashlib", "heapq",
            "hmac", "html", "http", "imaplib", "imp", "importlib", "inspect", "io", "ipaddress", "itertools", "json",
            "keyword", "lib2to3", "linecache", "locale", "logging", "lzma", "mailbox", "marshal", "math",
            "mimetypes", "mmap", "modulefinder", "multiprocessing", "netrc", "ntpath", "nturl2path", "numbers",
            "opcode", "operator", "optparse", "os", "pathlib", "pdb", "pickle", "pickletools", "pkgutil", "platform",
            "plistlib", "poplib", "posix", "posixpath", "pprint", "profile", "pstats", "pty", "pwd", "py_compile",
            "pyclbr", "pydoc", "pydoc_data", "pyexpat", "queue", "quopri", "random", "re", "readline", "reprlib",
            "resource", "rlcompleter", "runpy", "sched", "secrets", "select", "selectors", "shelve", "shlex",
            "shutil", "signal", "site", "smtpd", "smtplib", "socket", "socketserver", "sqlite3", "sre_compile",
            "sre_constants", "sre_parse", "ssl", "stat", "statistics", "string", "stringprep", "struct",
            "subprocess", "symtable", "sys", "sysconfig", "syslog", "tabnanny", "tarfile", "tempfile", "termios",
            "textwrap", "threading", "time", "timeit", "tkinter", "token", "tokenize", "tomllib", "trace",
            "traceback", "tracemalloc", "tty", "turtle", "types", "typing", "unicodedata", "unittest", "urllib",
            "uuid", "venv", "warnings", "wave", "weakref", "webbrowser", "wsgiref", "xml", "xmlrpc", "zipapp",
            "zipfile", "zipimport", "zlib", "zoneinfo");

    public Linker(List<FileFacts> files) {
        this(false);
        add(files);
    }

    private Linker(boolean tracking) {
        this(tracking, tracking, Tables.empty());
    }

    private Linker(boolean tracking, boolean owners, Tables t) {
        lookedUp = tracking ? new HashMap<>() : null;
        lookedUpBy = tracking ? new HashMap<>() : null;
        ownerOf = owners ? new HashMap<>() : null;
        functions = t.functions;
        classes = t.classes;
        moduleAliases = t.moduleAliases;
        attrTypes = t.attrTypes;
        aliases = t.aliases;
        bySuffix = t.bySuffix;
        indexed = t.indexed;
        modules = t.modules;
    }

    /**
     * What a linker knows of its files: definitions, aliases and attribute types by name, the suffix
     * index and the module names. Resolving a name reads only these (and the memo of earlier answers).
     */
    public record Tables(Map<String, Function> functions, Map<String, ClassDef> classes, Map<String, Map<String, String>> moduleAliases,
                         Map<String, String> attrTypes, Map<String, String> aliases, Map<String, String> bySuffix,
                         Set<String> indexed, Set<String> modules) {
        static Tables empty() {
            return new Tables(new HashMap<>(), new HashMap<>(), new HashMap<>(), new HashMap<>(), new HashMap<>(), new HashMap<>(),
                    new HashSet<>(), new HashSet<>());
        }
    }

    /** A linker with these tables, as built by {@link #tablesForLinking} (they are not copied: nothing adds to them any more). */
    public Linker(Tables tables) {
        this(false, false, tables);
    }

    /**
     * An empty linker that only collects files' definitions, in any order, for {@link #tablesForLinking}
     * (the planner fills one while it reads the last run's files).
     */
    public static Linker collecting() {
        return new Linker(false, true, Tables.empty());
    }

    /**
     * The tables of this incremental or collecting linker once its last file is added, for linking
     * the same files: they are those that {@code new Linker(files)} builds in any order of the files,
     * unless some name was defined by two files (the first file added wins it, so the order would
     * matter; every table's names start with their module's, so that takes two files of one module
     * name, or a module and a class that share a dotted name). Null then, or for other linkers. The
     * planner's rounds build these anyway, in their own order, while the files are parsed.
     */
    public Tables tablesForLinking() {
        if (ownerOf == null || definedTwice) return null;
        return new Tables(functions, classes, moduleAliases, attrTypes, aliases, bySuffix, indexed, modules);
    }

    /**
     * An empty linker for files added a few at a time with names resolved in between (the planner's
     * rounds): it remembers what each unresolved name's resolution looked up, so that adding files
     * re-resolves only the names those files can change. Its answers are those of a linker that
     * forgets every unresolved result on each add, except where the depth limit would cut a
     * re-resolution short (cycles of aliases or bases): a result kept from before is the uncut one.
     */
    public static Linker incremental() {
        return new Linker(true);
    }

    /** Adds more files (the planner links round by round); earlier unresolved results are forgotten. */
    public void add(List<FileFacts> files) {
        // A name resolved to a definition stays resolved (first definition wins); only the
        // unresolved ones can change with new files.
        if (lookedUp == null) {
            for (String q : memoUnresolved) memo.remove(q);
            memoUnresolved.clear();
        }
        for (FileFacts ff : files) {
            String modName = ff.module().name();
            String modId = ff.module().id();
            for (Object f : ff.facts()) {
                // instanceof rather than a pattern switch: without the optimizing JIT the switch's
                // type dispatch cost more than the work in this loop over every fact of the tree
                if (f instanceof Function fn) {
                    if (!fn.lambda()) {
                        Function had = functions.putIfAbsent(fn.qname(), fn);
                        if (had == null) added(fn.qname());
                        else if (ownerOf != null && !had.module().equals(modId)) definedTwice = true;
                    }
                } else if (f instanceof ClassDef cd) {
                    ClassDef had = classes.putIfAbsent(cd.qname(), cd);
                    if (had == null) added(cd.qname());
                    else if (ownerOf != null && !had.module().equals(modId)) definedTwice = true;
                } else if (f instanceof ImportAlias ia) {
                    if (moduleAliases.computeIfAbsent(modName, k -> new HashMap<>()).putIfAbsent(ia.alias(), ia.target()) == null && lookedUp != null) {
                        changed.add(modName + "." + ia.alias()); // looked up as the name `module.alias`
                    }
                } else if (f instanceof AttrType at) {
                    String key = at.className() + "." + at.attr();
                    if (attrTypes.putIfAbsent(key, at.type()) == null) {
                        if (lookedUp != null) changed.add(key);
                        if (ownerOf != null) ownerOf.put("t" + key, modId);
                    } else if (ownerOf != null && !modId.equals(ownerOf.get("t" + key))) {
                        definedTwice = true;
                    }
                } else if (f instanceof FunctionAlias fa) {
                    if (aliases.putIfAbsent(fa.name(), fa.target()) == null) {
                        if (lookedUp != null) changed.add(fa.name());
                        if (ownerOf != null) ownerOf.put("a" + fa.name(), modId);
                    } else if (ownerOf != null && !modId.equals(ownerOf.get("a" + fa.name()))) {
                        definedTwice = true;
                    }
                }
            }
            // (a second file of the same module name shares its import table)
            if (modules.add(modName)) added(modName);
            else if (ownerOf != null) definedTwice = true;
        }
        if (lookedUp != null) forgetChanged();
    }

    /** A new definition or module: its suffixes are indexed, and (tracking) it and they have changed. */
    private void added(String q) {
        if (lookedUp != null) changed.add(q);
        index(q);
    }

    private void index(String q) {
        if (!indexed.add(q)) return;
        for (int dot = q.indexOf('.'); dot >= 0; dot = q.indexOf('.', dot + 1)) {
            String suffix = q.substring(dot + 1);
            String before = bySuffix.get(suffix);
            String after = bySuffix.merge(suffix, q, (a, b) -> a.equals(b) ? a : AMBIGUOUS);
            if (lookedUp != null && after != before) changed.add(suffix);
        }
    }

    /** Forgets the unresolved results whose resolution looked up a name that has just changed. */
    private void forgetChanged() {
        for (String key : changed) {
            List<String> by = lookedUpBy.remove(key);
            if (by == null) continue;
            for (String q : by) {
                // (a result resolved since keeps its memo: resolved names stay resolved)
                if (lookedUp.remove(q) != null) memo.remove(q);
            }
        }
        changed.clear();
    }

    /** Notes that the resolution in progress (and every one it is part of) looked up this name. */
    private void lookUp(String name) {
        Set<String> frame = frames.peekLast();
        if (frame != null) frame.add(name);
    }

    /**
     * The one known name that ends with `.q`: imports are written relative to a sys.path root the
     * analyzer does not know (`from jobqueue import x` for src/app/jobqueue.py). Null when none or
     * several match.
     */
    private String bySuffix(String q) {
        String found = bySuffix.get(q);
        return found == AMBIGUOUS ? null : found;
    }

    /** Rewrites the resolved names of every call in the files. */
    public void link(List<FileFacts> files) {
        for (FileFacts ff : files) {
            List<Object> facts = ff.facts();
            for (int i = 0; i < facts.size(); i++) {
                if (facts.get(i) instanceof Call c && c.resolved() != null) {
                    String r = canonical(c.resolved());
                    if (!r.equals(c.resolved())) facts.set(i, c.withResolved(r));
                } else if (facts.get(i) instanceof asyncdoctor.facts.ArgRef a && a.resolved() != null) {
                    String r = canonical(a.resolved());
                    if (!r.equals(a.resolved())) facts.set(i, a.withResolved(r));
                }
            }
        }
    }

    public int cutoffs() { return cutoffs; }

    /** A function or class of the linked files has this qualified name. */
    public boolean knows(String q) {
        return functions.containsKey(q) || classes.containsKey(q);
    }

    public Function function(String qname) { return functions.get(qname); }

    public String canonical(String q) {
        return canonical(q, 0);
    }

    /**
     * Memoized at every depth: the prefixes of a module's calls (`self.session`, `pkg.mod.Class`)
     * come up again and again. A result that the depth limit cut short depends on the depth it was
     * asked at, so it is not kept.
     */
    private String canonical(String q, int depth) {
        if (q == null) return null;
        if (depth > 12) {
            cutoffs++;
            return q;
        }
        String m = memo.get(q);
        if (m != null) {
            if (lookedUp != null && !frames.isEmpty()) {
                Set<String> its = lookedUp.get(q);
                if (its != null) frames.peekLast().addAll(its);
            }
            return m;
        }
        int before = cutoffs;
        if (lookedUp == null) {
            String r = resolve(q, depth);
            if (cutoffs == before) {
                memo.put(q, r);
                if (!knows(r)) memoUnresolved.add(q);
            }
            return r;
        }
        Set<String> frame = new HashSet<>();
        frame.add(q);
        frames.addLast(frame);
        String r;
        try {
            r = resolve(q, depth);
        } finally {
            frames.removeLast();
        }
        if (cutoffs == before) {
            memo.put(q, r);
            if (!knows(r)) {
                lookedUp.put(q, frame);
                for (String name : frame) lookedUpBy.computeIfAbsent(name, k -> new java.util.ArrayList<>()).add(q);
            }
        }
        // An enclosing resolution depends on this one unless it is a definition (those stay).
        if (!frames.isEmpty() && !knows(r)) frames.peekLast().addAll(frame);
        return r;
    }

    private String resolve(String q, int depth) {
        if (functions.containsKey(q) || classes.containsKey(q)) return q;
        if (!modules.contains(q) && !aliases.containsKey(q) && !STDLIB.contains(q.contains(".") ? q.substring(0, q.indexOf('.')) : q)) {
            String s = bySuffix(q);
            if (s != null) return canonical(s, depth + 1);
        }
        String alias = aliases.get(q);
        if (alias != null && !alias.equals(q)) return canonical(alias, depth + 1);
        int i = q.lastIndexOf('.');
        if (i <= 0) return q;
        String prefix = q.substring(0, i);
        String last = q.substring(i + 1);
        Map<String, String> table = moduleAliases.get(prefix);
        if (table != null) {
            String t = table.get(last);
            if (t != null && !t.equals(q)) return canonical(t, depth + 1);
        }
        String cp = canonical(prefix, depth + 1);
        if (classes.containsKey(cp)) {
            String method = lookupMember(cp, last);
            if (method != null) return method;
            String type = attrTypeOf(cp, last);
            if (type != null) return canonical(type, depth + 1);
        }
        String joined = cp + "." + last;
        if (lookedUp != null) lookUp(joined);
        if (!cp.equals(prefix) && (functions.containsKey(joined) || classes.containsKey(joined))) return joined;
        return cp.equals(prefix) ? q : joined;
    }

    /** A method defined in the class or, breadth-first, in its bases within the tree. */
    private String lookupMember(String cls, String name) {
        ArrayDeque<String> queue = new ArrayDeque<>(List.of(cls));
        Set<String> seen = new HashSet<>();
        while (!queue.isEmpty()) {
            String c = queue.poll();
            if (!seen.add(c)) continue;
            String q = c + "." + name;
            if (functions.containsKey(q)) return q;
            if (lookedUp != null) {
                lookUp(q);
                lookUp(c);
            }
            ClassDef cd = classes.get(c);
            if (cd == null) continue;
            for (String b : cd.bases()) {
                String cb = canonical(b, 6);
                if (cb != null) queue.add(cb);
            }
        }
        return null;
    }

    private String attrTypeOf(String cls, String attr) {
        ArrayDeque<String> queue = new ArrayDeque<>(List.of(cls));
        Set<String> seen = new HashSet<>();
        while (!queue.isEmpty()) {
            String c = queue.poll();
            if (!seen.add(c)) continue;
            String key = c + "." + attr;
            String t = attrTypes.get(key);
            if (t != null) return t;
            if (lookedUp != null) {
                lookUp(key);
                lookUp(c);
            }
            ClassDef cd = classes.get(c);
            if (cd == null) continue;
            for (String b : cd.bases()) queue.add(canonical(b, 6));
        }
        return null;
    }
}
