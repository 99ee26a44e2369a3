package io.backuphub.engine.mysql;

import io.backuphub.common.FailureRules;

/** What mysqldump's and mariadb-dump's common errors mean (the server's error numbers and texts). */
public final class MysqlFailures {

    public static final FailureRules RULES = FailureRules.of()
            .when("Unknown database '([^']+)'",
                    "The database '$1' does not exist on this MySQL/MariaDB server.",
                    "Create it, or correct the database name the target names.",
                    "targets.yaml: {target}.database.name", FailureRules.TARGETS_DOC)
            .when("Access denied for user '([^']+)'@'([^']+)' \\(using password: (YES|NO)\\)",
                    "The server refused user '$1' connecting from $2 (password given: $3).",
                    "Correct the password in the environment variable or file the target names, or let that"
                            + " user connect from that host.",
                    "targets.yaml: {target}.database.user / passwordEnv / passwordFile", FailureRules.TARGETS_DOC)
            .when("Access denied; you need \\(at least one of\\) the (.+?) privilege|command denied to user",
                    "The user lacks a privilege the dump needs ($1).",
                    "Grant the user SELECT, SHOW VIEW, TRIGGER, LOCK TABLES, EVENT and (for --single-transaction"
                            + " with binlog positions) RELOAD, or back up as a user that has them.",
                    "targets.yaml: {target}.database.user", "docs/mysql.md")
            .when("Can't connect to (?:MySQL )?server on '?([^' ]+)'?",
                    "Nothing accepted the connection to MySQL/MariaDB at $1: the server is down, listens"
                            + " elsewhere, or a firewall is in the way.",
                    "Check that the server runs, its bind-address and port, and the host and port the target names.",
                    "targets.yaml: {target}.database.host / port", FailureRules.TARGETS_DOC)
            .when("Unknown MySQL server host '([^']+)'",
                    "The database host name '$1' does not resolve.",
                    "Correct the host name, or use an address.", "targets.yaml: {target}.database.host",
                    FailureRules.TARGETS_DOC)
            .when("Lock wait timeout exceeded",
                    "The dump waited too long for a lock another session held.",
                    "Run the backup when no long transaction or DDL runs, or find the blocking session"
                            + " (SHOW PROCESSLIST).",
                    "schedules: a quieter time", "docs/mysql.md");

    private MysqlFailures() {
    }
}
