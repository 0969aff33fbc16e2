package asyncdoctor.facts;

/** The Python version the analyzed code must run on (the request's target version). */
public record TargetPython(String version, int minor) {

    /** "3.11" -> TargetPython("3.11", 11); anything unreadable counts as 3.9. */
    public static TargetPython of(String version) {
        int minor = 9;
        if (version != null) {
            String[] p = version.replace("py", "").split("\\.");
            try {
                if (p.length > 1) minor = Integer.parseInt(p[1]);
                else if (p[0].length() > 1) minor = Integer.parseInt(p[0].substring(1));
            } catch (NumberFormatException e) {
                minor = 9;
            }
        }
        return new TargetPython(version == null ? "3." + minor : version, minor);
    }
}
