package io.backuphub.engine.postgres;

import io.backuphub.common.FailureRules;

/** What pg_dump's, pg_restore's and psql's common errors mean, from libpq's and the server's own texts. */
public final class PostgresFailures {

    public static final FailureRules RULES = FailureRules.of()
            .when("database \"([^\"]+)\" does not exist",
                    "The database \"$1\" does not exist on this PostgreSQL server.",
                    "Create it, or correct the database name the target names.",
                    "targets.yaml: {target}.database.name", FailureRules.TARGETS_DOC)
            .when("password authentication failed for user \"([^\"]+)\"",
                    "PostgreSQL refused the password of user \"$1\".",
                    "Correct the password in the environment variable or file the target names, or the user.",
                    "targets.yaml: {target}.database.user / passwordEnv / passwordFile", FailureRules.TARGETS_DOC)
            .when("role \"([^\"]+)\" does not exist",
                    "The user \"$1\" does not exist on this PostgreSQL server.",
                    "Create the role (with LOGIN), or correct the user the target names.",
                    "targets.yaml: {target}.database.user", FailureRules.TARGETS_DOC)
            .when("no pg_hba.conf entry for host \"([^\"]+)\"",
                    "The server's pg_hba.conf has no line that lets the hub in from $1.",
                    "Add a host line for that address, user and database to pg_hba.conf and reload PostgreSQL.",
                    "pg_hba.conf on the database server", FailureRules.TARGETS_DOC)
            .when("connection to server at \"([^\"]+)\"(?: \\([^)]*\\))?, port (\\d+) failed: (?:Connection refused"
                    + "|timeout expired|No route to host)",
                    "Nothing accepted the connection to PostgreSQL at $1 port $2: the server is down, listens"
                            + " elsewhere, or a firewall is in the way.",
                    "Check that PostgreSQL runs, its listen_addresses and port, and the host and port the target"
                            + " names (as seen from the host that runs pg_dump).",
                    "targets.yaml: {target}.database.host / port", FailureRules.TARGETS_DOC)
            .when("could not translate host name \"([^\"]+)\"",
                    "The database host name \"$1\" does not resolve.",
                    "Correct the host name, or use an address.", "targets.yaml: {target}.database.host",
                    FailureRules.TARGETS_DOC)
            .when("server version mismatch|server version: (\\S+); pg_dump version: (\\S+)",
                    "pg_dump is older than the server: it cannot dump a newer PostgreSQL.",
                    "Install a pg_dump of the server's major version or newer on the host that runs it.",
                    "targets.yaml: {target}.transport", "docs/operations.md#troubleshooting")
            .when("permission denied for (table|schema|sequence|relation|database) (\\S+)",
                    "The user has no right to read the $1 $2.",
                    "Grant it (for example GRANT SELECT ON ALL TABLES IN SCHEMA ... TO the user, or the"
                            + " pg_read_all_data role), or back up as a user that may read everything.",
                    "targets.yaml: {target}.database.user", FailureRules.TARGETS_DOC)
            .when("lock timeout|could not obtain lock on relation \"?([^\"]*)\"?",
                    "pg_dump waited too long for a table lock: another session holds an exclusive lock.",
                    "Find the blocking session (pg_locks, pg_stat_activity), or run the backup when no migration"
                            + " or long DDL runs.",
                    "schedules: a quieter time", FailureRules.TARGETS_DOC)
            .when("too many clients already|remaining connection slots are reserved",
                    "The server has no free connection slots.",
                    "Raise max_connections, or lower what else connects at backup time (a pooler helps).",
                    "postgresql.conf on the database server", FailureRules.TARGETS_DOC);

    private PostgresFailures() {
    }
}
