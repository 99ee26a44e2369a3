package io.backuphub.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.backuphub.common.FailureCause;
import io.backuphub.common.FailureRules;
import io.backuphub.engine.mysql.MysqlFailures;
import io.backuphub.engine.postgres.PostgresFailures;
import io.backuphub.engine.redis.RedisFailures;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Errors as the hub records them (the tools' own stderr, captured from pg_dump 15, mariadb-dump 10.11
 * and redis-cli 7 against real servers, and the transports' messages) explained in plain words: the
 * cause names what the error names, the setting names the target, and an error no rule knows stays
 * unexplained rather than guessed at.
 */
class FailureCausesTest {

    private static final String DATABASE_MISSING = "pg_dump exited with status 1 on db.example:22: pg_dump: error:"
            + " connection to server at \"127.0.0.1\", port 5432 failed: FATAL:  database \"crm\" does not exist";

    @Test
    void aMissingPostgresDatabaseIsNamedWithTheSettingToChange() {
        FailureCause cause = explain(PostgresFailures.RULES, DATABASE_MISSING).orElseThrow();
        assertThat(cause.cause()).contains("\"crm\" does not exist");
        assertThat(cause.fix()).contains("Create it");
        assertThat(cause.setting()).isEqualTo("targets.yaml: shop.database.name");
    }

    @Test
    void aRefusedPostgresPasswordNamesTheUser() {
        assertThat(explain(PostgresFailures.RULES, "pg_dump: error: connection to server at \"127.0.0.1\", port 54329"
                + " failed: FATAL:  password authentication failed for user \"backup\"").orElseThrow().cause())
                .contains("password of user \"backup\"");
    }

    @Test
    void aPostgresServerThatIsNotThereNamesHostAndPort() {
        FailureCause cause = explain(PostgresFailures.RULES, "pg_dump: error: connection to server at \"127.0.0.1\","
                + " port 1 failed: Connection refused\n\tIs the server running on that host and accepting TCP/IP"
                + " connections?").orElseThrow();
        assertThat(cause.cause()).contains("127.0.0.1 port 1");
        assertThat(cause.setting()).isEqualTo("targets.yaml: shop.database.host / port");
    }

    @Test
    void mariadbsErrorsAreExplained() {
        assertThat(explain(MysqlFailures.RULES, "mariadb-dump: Got error: 1049: \"Unknown database 'crm'\" when"
                + " selecting the database").orElseThrow().cause()).contains("'crm' does not exist");
        assertThat(explain(MysqlFailures.RULES, "mariadb-dump: Got error: 2002: \"Can't connect to server on"
                + " '127.0.0.1' (115)\" when trying to connect").orElseThrow().cause()).contains("at 127.0.0.1");
        assertThat(explain(MysqlFailures.RULES, "Got error: 1045: \"Access denied for user 'shop'@'localhost'"
                + " (using password: YES)\" when trying to connect").orElseThrow().cause())
                .contains("user 'shop' connecting from localhost");
    }

    @Test
    void redisErrorsAreExplained() {
        assertThat(explain(RedisFailures.RULES, "redis-cli exited with status 1: Could not connect to Redis at"
                + " 127.0.0.1:1: Connection refused").orElseThrow().cause()).contains("Redis at 127.0.0.1:1");
    }

    @Test
    void theTransportsRulesExplainWhatNoEngineRuleKnows() {
        FailureCause hostKey = explain(PostgresFailures.RULES, "SSH host key of backup@db.example:22 (ssh-ed25519"
                + " SHA256:abc) is not the one listed in /etc/hub/known_hosts (unknown or changed host key);"
                + " connection refused").orElseThrow();
        assertThat(hostKey.cause()).contains("backup@db.example:22").contains("known_hosts does not list");
        assertThat(hostKey.setting()).isEqualTo("targets.yaml: shop.transport.knownHostsFile");

        assertThat(explain(PostgresFailures.RULES, "SSH connection to backup@db.example:2222 failed: Connection"
                + " refused").orElseThrow().cause()).as("an SSH refusal is not the database's")
                .contains("SSH server backup@db.example:2222");
        assertThat(explain(FailureRules.NONE, "stopped: did not finish within PT6H (then: pg_dump was killed)")
                .orElseThrow().cause()).contains("time limit (PT6H)");
    }

    @Test
    void aFullStoreIsExplained() {
        assertThat(explain(FailureRules.NONE, "local store /var/lib/hub/store is full: 12 MiB free, 1024 MiB kept"
                + " free").orElseThrow().setting()).contains("hub.store.local.reserve-bytes");
    }

    @Test
    void anErrorNoRuleKnowsStaysUnexplained() {
        assertThat(explain(PostgresFailures.RULES, "pg_dump: error: query failed: something new")).isEmpty();
        assertThat(explain(PostgresFailures.RULES, null)).isEmpty();
    }

    private static Optional<FailureCause> explain(FailureRules engine, String error) {
        return Engines.explain(engine, "shop", error);
    }
}
