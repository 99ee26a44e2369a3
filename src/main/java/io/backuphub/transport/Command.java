package io.backuphub.transport;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A program and its arguments, never a shell string, plus settings ({@code env}) and secrets that the
 * program reads from its environment. Secrets travel out of band (process environment, or the SSH
 * channel's stdin), never on a command line where {@code ps} would show them.
 */
public record Command(List<String> argv, Map<String, String> env, Map<String, String> secretEnv) {

    private static final Pattern ENV_NAME = Pattern.compile("[A-Z_][A-Z0-9_]*");

    public Command {
        argv = List.copyOf(argv);
        env = Map.copyOf(env);
        secretEnv = Map.copyOf(secretEnv);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        for (String name : env.keySet()) {
            if (!ENV_NAME.matcher(name).matches() || secretEnv.containsKey(name)) {
                throw new IllegalArgumentException("bad environment variable name " + name);
            }
        }
        for (Map.Entry<String, String> e : secretEnv.entrySet()) {
            if (e.getValue().indexOf('\n') >= 0 || e.getValue().indexOf('\r') >= 0) {
                throw new IllegalArgumentException("secret " + e.getKey() + " contains a line break");
            }
        }
    }

    public Command(List<String> argv, Map<String, String> secretEnv) {
        this(argv, Map.of(), secretEnv);
    }

    public static Command of(String... argv) {
        return new Command(List.of(argv), Map.of());
    }

    /** The same command with one more (non-secret) environment setting. */
    public Command withEnv(String name, String value) {
        Map<String, String> more = new java.util.TreeMap<>(env);
        more.put(name, value);
        return new Command(argv, more, secretEnv);
    }

    /** The program name, for messages. */
    public String program() {
        return argv.get(0);
    }

    /** Safe to log: the argv, secrets named but not shown. */
    @Override
    public String toString() {
        return String.join(" ", argv) + (env.isEmpty() ? "" : " (env: " + env + ")")
                + (secretEnv.isEmpty() ? "" : " (secrets: " + secretEnv.keySet() + ")");
    }
}
