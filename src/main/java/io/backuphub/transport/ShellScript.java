package io.backuphub.transport;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Renders a {@link Command} for a remote POSIX shell: every argument and setting single-quoted,
 * secrets read from stdin into exported variables, then {@code exec} of the program so its exit status is the channel's.
 */
final class ShellScript {

    private ShellScript() {
    }

    static String quote(String value) {
        return "'" + value.replace("'", "'\"'\"'") + "'";
    }

    static String render(Command command) {
        List<String> parts = new ArrayList<>();
        new TreeMap<>(command.env()).forEach((name, value) -> parts.add("export " + name + "=" + quote(value)));
        Map<String, String> secrets = new TreeMap<>(command.secretEnv());
        for (String name : secrets.keySet()) {
            parts.add("IFS= read -r " + name + " && export " + name);
        }
        List<String> quoted = new ArrayList<>();
        for (String arg : command.argv()) {
            quoted.add(quote(arg));
        }
        parts.add("exec " + String.join(" ", quoted));
        return String.join(" && ", parts);
    }

    /** What to write to stdin before anything else: one secret per line, in the order render() reads them. */
    static byte[] secretPreamble(Command command) {
        StringBuilder out = new StringBuilder();
        new TreeMap<>(command.secretEnv()).values().forEach(v -> out.append(v).append('\n'));
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
