package io.backuphub.schedule;

import java.util.List;

/** schedules.yaml could not be applied; {@link #problems()} says every reason with its path. */
public class InvalidSchedulesException extends RuntimeException {

    private final List<String> problems;

    public InvalidSchedulesException(String source, List<String> problems) {
        super(source + " is invalid:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
