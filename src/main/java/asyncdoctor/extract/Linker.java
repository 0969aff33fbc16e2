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
    private final Map<String, Function> functions = new HashMap<>();
    private final Map<String, ClassDef> classes = new HashMap<>();
    private final Map<String, Map<String, String>> moduleAliases = new HashMap<>();
    private final Map<String, String> attrTypes = new HashMap<>();
    private final Map<String, String> aliases = new HashMap<>();
    private final Map<String, String> memo = new HashMap<>();
    /** Memo keys whose result is not a definition yet: the next {@link #add} may resolve them. */
    private final List<String> memoUnresolved = new java.util.ArrayList<>();
    /** How often the depth limit stopped a resolution (cycles of aliases or bases). */
    private int cutoffs;
    /**
     * Every dotted suffix of a known qualified name (function, class, module) -> that name, or
     * {@link #AMBIGUOUS} when several names end in it: `jobqueue.take` -> `app.jobqueue.take`.
     */
    private final Map<String, String> bySuffix = new HashMap<>();
    private final Set<String> indexed = new HashSet<>();
    private static final String AMBIGUOUS = new String("<ambiguous>");
    private final Set<String> modules = new HashSet<>();

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
        add(files);
    }

    /** Adds more files (the planner links round by round); earlier resolutions are forgotten. */
    public void add(List<FileFacts> files) {
        // A name resolved to a definition stays resolved (first definition wins); only the
        // unresolved ones can change with new files.
        for (String q : memoUnresolved) memo.remove(q);
        memoUnresolved.clear();
        for (FileFacts ff : files) {
            String modName = ff.module().name();
            for (Object f : ff.facts()) {
                // instanceof rather than a pattern switch: without the optimizing JIT the switch's
                // type dispatch cost more than the work in this loop over every fact of the tree
                if (f instanceof Function fn) {
                    if (!fn.lambda() && functions.putIfAbsent(fn.qname(), fn) == null) index(fn.qname());
                } else if (f instanceof ClassDef cd) {
                    if (classes.putIfAbsent(cd.qname(), cd) == null) index(cd.qname());
                } else if (f instanceof ImportAlias ia) {
                    moduleAliases.computeIfAbsent(modName, k -> new HashMap<>()).putIfAbsent(ia.alias(), ia.target());
                } else if (f instanceof AttrType at) {
                    attrTypes.putIfAbsent(at.className() + "." + at.attr(), at.type());
                } else if (f instanceof FunctionAlias fa) {
                    aliases.putIfAbsent(fa.name(), fa.target());
                }
            }
            if (modules.add(modName)) index(modName);
        }
    }

    private void index(String q) {
        if (!indexed.add(q)) return;
        for (int dot = q.indexOf('.'); dot >= 0; dot = q.indexOf('.', dot + 1)) {
            bySuffix.merge(q.substring(dot + 1), q, (a, b) -> a.equals(b) ? a : AMBIGUOUS);
        }
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
        if (m != null) return m;
        int before = cutoffs;
        String r = resolve(q, depth);
        if (cutoffs == before) {
            memo.put(q, r);
            if (!knows(r)) memoUnresolved.add(q);
        }
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
            String t = attrTypes.get(c + "." + attr);
            if (t != null) return t;
            ClassDef cd = classes.get(c);
            if (cd == null) continue;
            for (String b : cd.bases()) queue.add(canonical(b, 6));
        }
        return null;
    }
}
