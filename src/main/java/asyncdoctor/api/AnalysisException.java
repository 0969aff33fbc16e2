package asyncdoctor.api;

import java.util.List;

/** The run is unusable (knowledge base, configuration or arguments); messages name file and line. */
public final class AnalysisException extends Exception {
    private final List<String> messages;

    public AnalysisException(List<String> messages) {
        super(String.join("\n", messages));
        this.messages = List.copyOf(messages);
    }

    public List<String> messages() { return messages; }
}
