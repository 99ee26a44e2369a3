package io.backuphub.engine.mongodb;

import io.backuphub.common.Secrets;
import io.backuphub.target.Target;
import io.backuphub.transport.Command;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * mongodump and mongorestore logging in as the target's user. The password is never an argument: it
 * is the tools' {@code --config} YAML, read from file descriptor 3, which a shell here-document fills
 * from a variable the transport passed out of band (the process environment, or the SSH channel's
 * stdin). No file holds it and {@code ps} never shows it. (Not the connection string: the tools hang
 * on an unreachable server when the URI sets its timeouts, and wait 30 s with --host and --port.)
 */
final class MongoTools {

    static final int DEFAULT_PORT = 27017;
    /** How long the hub's own client waits for an unreachable server (the tools wait 30 s). */
    static final int SERVER_TIMEOUT_MS = 30_000;
    private static final String CONFIG_VARIABLE = "HUB_MONGO_CONFIG";
    private static final String WITH_CONFIG = """
            config=$HUB_MONGO_CONFIG
            unset HUB_MONGO_CONFIG
            exec "$@" --config=/dev/fd/3 3<<HUB_EOF
            $config
            HUB_EOF
            """;

    private MongoTools() {
    }

    static Command command(String program, Target target, List<String> options) throws IOException {
        Target.DatabaseSpec db = target.database();
        List<String> argv = new ArrayList<>(List.of(program, "--host=" + db.host(), "--port=" + port(db)));
        if (db.user() != null) {
            argv.add("--username=" + db.user());
            argv.add("--authenticationDatabase=" + authDatabase(db));
        }
        argv.addAll(options);
        Optional<String> password = Secrets.resolve(db.passwordEnv(), db.passwordFile(), "database password");
        if (password.isEmpty()) {
            return new Command(argv, Map.of());
        }
        List<String> wrapped = new ArrayList<>(List.of("sh", "-c", WITH_CONFIG, "sh"));
        wrapped.addAll(argv);
        return new Command(wrapped, Map.of(CONFIG_VARIABLE, "password: " + yamlString(password.get())));
    }

    /** A YAML double-quoted scalar: backslash, quote and control characters escaped. */
    static String yamlString(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            if (c == '\\' || c == '"') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    static int port(Target.DatabaseSpec db) {
        return db.port() == null ? DEFAULT_PORT : db.port();
    }

    static String authDatabase(Target.DatabaseSpec db) {
        return db.authDatabase() == null ? "admin" : db.authDatabase();
    }
}
