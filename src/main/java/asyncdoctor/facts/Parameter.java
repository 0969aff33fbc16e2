package asyncdoctor.facts;

/** A named parameter of a def (not of a lambda). */
public record Parameter(String module, String fn, String name, int index) {}
