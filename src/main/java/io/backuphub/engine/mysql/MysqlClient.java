package io.backuphub.engine.mysql;

import io.backuphub.common.Secrets;
import io.backuphub.engine.Connector;
import io.backuphub.engine.ToolSession;
import io.backuphub.target.Target;
import io.backuphub.transport.Command;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The MySQL/MariaDB client tools on a target's host, as the target's user: {@code mariadb-dump} or
 * {@code mysqldump}, {@code mariadb} or {@code mysql}, whichever the host has. The password is the
 * tools' {@code --defaults-extra-file}, read from file descriptor 3 and filled by a here-document
 * from a variable the transport passes out of band: never an argument, never a file.
 */
final class MysqlClient {

    static final int DEFAULT_PORT = 3306;
    /** The dump options: one consistent snapshot of InnoDB tables, with everything a restore needs. */
    static final List<String> DUMP_OPTIONS = List.of("--single-transaction", "--routines", "--triggers",
            "--events", "--hex-blob");
    private static final Duration SHORT_WAIT = Duration.ofMinutes(10);
    private static final Duration LONG_WAIT = Duration.ofHours(24);
    private static final int MAX_OUTPUT = 1024 * 1024;
    private static final String CONFIG_VARIABLE = "HUB_MYSQL_CONFIG";
    private static final String WITH_CONFIG = """
            config=${HUB_MYSQL_CONFIG-}
            unset HUB_MYSQL_CONFIG
            if command -v "$1" >/dev/null 2>&1; then tool=$1; else tool=$2; fi
            shift 2
            exec "$tool" --defaults-extra-file=/dev/fd/3 "$@" 3<<HUB_EOF
            [client]
            $config
            HUB_EOF
            """;

    private final Target target;
    private final Connector connector;

    MysqlClient(Target target, Connector connector) {
        this.target = target;
        this.connector = connector;
    }

    /** The dump tool's command for {@code database}. */
    static Command dump(Target target, String database) throws IOException {
        List<String> options = new ArrayList<>(DUMP_OPTIONS);
        options.add(database);
        return command(target, "mariadb-dump", "mysqldump", options);
    }

    private static Command command(Target target, String tool, String fallback, List<String> options)
            throws IOException {
        Target.DatabaseSpec db = target.database();
        List<String> argv = new ArrayList<>(List.of("sh", "-c", WITH_CONFIG, "sh", tool, fallback, "--protocol=TCP",
                "--host=" + db.host(), "--port=" + port(db), "--user=" + db.user()));
        argv.addAll(options);
        Optional<String> password = Secrets.resolve(db.passwordEnv(), db.passwordFile(), "database password");
        return new Command(argv, password.map(p -> Map.of(CONFIG_VARIABLE, "password=" + optionValue(p)))
                .orElse(Map.of()));
    }

    static int port(Target.DatabaseSpec db) {
        return db.port() == null ? DEFAULT_PORT : db.port();
    }

    /** A double-quoted option-file value: backslash, quote and control characters escaped. */
    static String optionValue(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\t' -> out.append("\\t");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /** Runs SQL (on stdin) in {@code database}; returns the tab-separated rows, without column names. */
    String run(String database, String sql) throws IOException {
        List<String> options = new ArrayList<>(List.of("--batch", "--skip-column-names"));
        if (database != null) {
            options.add("--database=" + database);
        }
        return ToolSession.run(connector, command(target, "mariadb", "mysql", options),
                new ByteArrayInputStream(sql.getBytes(StandardCharsets.UTF_8)), new AtomicLong(), SHORT_WAIT,
                ToolSession.text(MAX_OUTPUT, "the client"));
    }

    /** Feeds a dump to the client, into {@code database}. */
    void restore(String database, InputStream dump, AtomicLong progress) throws IOException {
        ToolSession.run(connector,
                command(target, "mariadb", "mysql", List.of("--binary-mode", "--database=" + database)), dump,
                progress, LONG_WAIT, ToolSession.DISCARD);
    }

    /** Dumps {@code database} as a backup does and reads the dump as it streams. */
    <T> T readDump(String database, ToolSession.Output<T> output) throws IOException {
        return ToolSession.run(connector, dump(target, database), InputStream.nullInputStream(), new AtomicLong(),
                LONG_WAIT, output);
    }

    /** A validated name as a quoted identifier. */
    static String ident(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    /** A validated name as a string literal. */
    static String literal(String name) {
        return "'" + name.replace("\\", "\\\\").replace("'", "''") + "'";
    }
}
