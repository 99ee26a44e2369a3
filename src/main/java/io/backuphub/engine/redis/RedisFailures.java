package io.backuphub.engine.redis;

import io.backuphub.common.FailureRules;

/** What redis-cli's common errors mean. */
public final class RedisFailures {

    public static final FailureRules RULES = FailureRules.of()
            .when("NOAUTH|WRONGPASS|invalid password|invalid username-password",
                    "Redis refused the hub's password (or user).",
                    "Correct the password in the environment variable or file the target names, or the user (ACL).",
                    "targets.yaml: {target}.database.user / passwordEnv / passwordFile", "docs/redis.md")
            .when("Could not connect to Redis at ([^:]+:\\d+)",
                    "Nothing accepted the connection to Redis at $1: the server is down, listens elsewhere, or a"
                            + " firewall is in the way.",
                    "Check that redis-server runs, its bind and port, and the host and port the target names.",
                    "targets.yaml: {target}.database.host / port", "docs/redis.md")
            .when("NOPERM|no permissions to run the '(\\S+)' command",
                    "The Redis user may not run the commands a backup needs ($1).",
                    "Let the ACL user run SYNC/PSYNC (+@admin is not needed: +sync +psync +ping +info).",
                    "targets.yaml: {target}.database.user", "docs/redis.md");

    private RedisFailures() {
    }
}
