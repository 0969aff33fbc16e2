package asyncdoctor.config;

import java.util.List;

/** The configuration cannot be used: each message is `file:line: message` and names the key. */
public final class ConfigException extends Exception {
    private final List<String> messages;

    public ConfigException(List<String> messages) {
        super(String.join("\n", messages));
        this.messages = List.copyOf(messages);
    }

    public List<String> messages() { return messages; }
}
