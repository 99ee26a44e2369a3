package io.backuphub.transport;

import java.util.List;
import java.util.Map;

/**
 * A program and its arguments, never a shell string, plus secrets that the program reads from its
 * environment. Secrets travel out of band (process environment, or the SSH channel's stdin), never
 * on a command line where {@code ps} would show them.
 */
public record Command(List<String> argv, Map<String, String> secretEnv) {

    public Command {
        argv = List.copyOf(argv);
        secretEnv = Map.copyOf(secretEnv);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        for (Map.Entry<String, String> e : secretEnv.entrySet()) {
            if (e.getValue().indexOf('\n') >= 0 || e.getValue().indexOf('\r') >= 0) {
                throw new IllegalArgumentException("secret " + e.getKey() + " contains a line break");
            }
        }
    }

    public static Command of(String... argv) {
        return new Command(List.of(argv), Map.of());
    }

    /** The program name, for messages. */
    public String program() {
        return argv.get(0);
    }

    /** Safe to log: the argv, secrets named but not shown. */
    @Override
    public String toString() {
        return String.join(" ", argv) + (secretEnv.isEmpty() ? "" : " (secrets: " + secretEnv.keySet() + ")");
    }
}
