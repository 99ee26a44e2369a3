package io.backuphub;

import java.util.List;

/** A configuration file could not be accepted; {@link #problems()} says every reason with its path. */
public class InvalidConfigException extends RuntimeException {

    private final List<String> problems;

    public InvalidConfigException(String source, List<String> problems) {
        super(source + " is invalid:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
