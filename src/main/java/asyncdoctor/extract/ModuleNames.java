package asyncdoctor.extract;

import java.util.Locale;

/** Module names and test-file detection from relative paths. */
public final class ModuleNames {
    private ModuleNames() {}

    /** pkg/sub/mod.py -> pkg.sub.mod; pkg/__init__.py -> pkg; a notebook nb.ipynb -> nb. */
    public static String moduleName(String relPath) {
        String p = relPath.replace('\\', '/');
        while (p.startsWith("./")) p = p.substring(2);
        while (p.startsWith("../")) p = p.substring(3);
        if (p.startsWith("/")) p = p.substring(1);
        int dot = p.lastIndexOf('.');
        if (dot > p.lastIndexOf('/')) p = p.substring(0, dot);
        if (p.endsWith("/__init__")) p = p.substring(0, p.length() - "/__init__".length());
        // Installed packages: keep the import name, not the site folder.
        for (String marker : new String[] {"site-packages/", "dist-packages/"}) {
            int i = p.lastIndexOf(marker);
            if (i >= 0) p = p.substring(i + marker.length());
        }
        return p.replace('/', '.').replace('-', '_');
    }

    public static boolean isPackageInit(String relPath) {
        return relPath.endsWith("__init__.py");
    }

    public static boolean isTest(String relPath) {
        String p = relPath.replace('\\', '/').toLowerCase(Locale.ROOT);
        String name = p.substring(p.lastIndexOf('/') + 1);
        return name.startsWith("test_") || name.endsWith("_test.py") || name.equals("conftest.py") || name.equals("tests.py")
                || p.contains("/tests/") || p.startsWith("tests/") || p.contains("/test/") || p.startsWith("test/")
                || p.contains("/testing/");
    }
}
