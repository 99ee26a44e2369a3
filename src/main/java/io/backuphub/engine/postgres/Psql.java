package io.backuphub.engine.postgres;

import io.backuphub.common.Secrets;
import io.backuphub.engine.Connector;
import io.backuphub.engine.Fingerprint;
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
 * psql on a target's host, as the target's database user, fed SQL on stdin (never on the command
 * line). Names in the SQL are validated SQL names ({@code SafeValues.SQL_NAME}), quoted by the caller.
 */
final class Psql {

    static final String MAINTENANCE_DB = "postgres";
    private static final int MAX_OUTPUT = 1024 * 1024;
    private static final Duration SHORT_WAIT = Duration.ofMinutes(10);
    private static final Duration LONG_WAIT = Duration.ofHours(24);

    /**
     * Lists every user table (not partitioned parents, whose rows are in their partitions; not tables
     * of extensions), then COPYs each to stdout after a marker line, in the session settings pg_dump
     * uses, so every row is the same text as in a dump (docs/restore.md).
     */
    static final String FINGERPRINT_SQL = """
            SET extra_float_digits = 3;
            SET DateStyle = ISO;
            SET IntervalStyle = postgres;
            SET TimeZone = 'UTC';
            SET client_encoding = 'UTF8';
            SELECT format('SELECT %L', E'\\\\hub-table ' || q.name), format('COPY %s TO STDOUT', q.name)
            FROM (SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname) AS name
                  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                  WHERE c.relkind = 'r' AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'
                    AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                                    AND d.objid = c.oid AND d.deptype = 'e')) q
            ORDER BY 1 \\gexec
            """;

    private static final List<String> PSQL = List.of("-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1");

    private final Target target;
    private final Connector connector;

    Psql(Target target, Connector connector) {
        this.target = target;
        this.connector = connector;
    }

    /** Runs {@code sql} in {@code database}; returns its unaligned, tuples-only output. */
    String run(String database, String sql) throws IOException {
        return session("psql", database, PSQL, script(sql), new AtomicLong(), SHORT_WAIT,
                ToolSession.text(MAX_OUTPUT, "psql"));
    }

    Fingerprint fingerprint(String database) throws IOException {
        return session("psql", database, PSQL, script(FINGERPRINT_SQL), new AtomicLong(), LONG_WAIT,
                CopyText::fromMarkedRows);
    }

    /** Runs a tool of the PostgreSQL client suite against {@code database}, its input fed from {@code source}. */
    void feed(String program, String database, List<String> options, InputStream source, AtomicLong progress)
            throws IOException {
        session(program, database, options, source, progress, LONG_WAIT, ToolSession.DISCARD);
    }

    private <T> T session(String program, String database, List<String> options, InputStream input,
            AtomicLong progress, Duration wait, ToolSession.Output<T> output) throws IOException {
        return ToolSession.run(connector, client(program, target, database, options), input, progress, wait, output);
    }

    private static InputStream script(String sql) {
        return new ByteArrayInputStream(sql.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A PostgreSQL client tool (pg_dump, pg_restore, psql) logging in as the target's user: every value
     * validated upstream and passed as its own argument; the password out of band; the session in UTC,
     * so that rows are written as the fingerprint reads them back.
     */
    static Command client(String program, Target target, String database, List<String> options)
            throws IOException {
        Target.DatabaseSpec db = target.database();
        List<String> argv = new ArrayList<>(List.of(program, "--no-password",
                "--host=" + db.host(),
                "--port=" + (db.port() == null ? PostgresEngine.DEFAULT_PORT : db.port()),
                "--username=" + db.user(),
                "--dbname=" + database));
        argv.addAll(options);
        Optional<String> password = Secrets.resolve(db.passwordEnv(), db.passwordFile(), "database password");
        return new Command(argv, password.map(p -> Map.of("PGPASSWORD", p)).orElse(Map.of())).withEnv("PGTZ", "UTC");
    }

    /** A validated name as a quoted SQL identifier. */
    static String ident(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** A validated name as a SQL string literal. */
    static String literal(String name) {
        return "'" + name.replace("'", "''") + "'";
    }
}
