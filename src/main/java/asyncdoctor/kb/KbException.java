package asyncdoctor.kb;

import java.util.List;

/** The knowledge base cannot be used: each message is `path:line:col: message` with the analyst's path. */
public final class KbException extends Exception {
    private final List<String> messages;

    public KbException(List<String> messages) {
        super(String.join("\n", messages));
        this.messages = List.copyOf(messages);
    }

    public List<String> messages() { return messages; }
}
