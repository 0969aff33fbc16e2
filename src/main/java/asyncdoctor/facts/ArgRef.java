package asyncdoctor.facts;

public record ArgRef(String module, String fn, String call, int argIndex, String keyword, String text,
                     String resolved, String lambda, boolean star, int line, int column) implements Located {

    public ArgRef withResolved(String r) {
        return new ArgRef(module, fn, call, argIndex, keyword, text, r, lambda, star, line, column);
    }
}
