package asyncdoctor.facts;

/** A fact that has a place in the source, so a finding can point at it. */
public interface Located {
    String module();
    String fn();
    int line();
    default int column() { return 0; }
}
