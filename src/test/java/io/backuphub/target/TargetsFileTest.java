package io.backuphub.target;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backuphub.common.InvalidConfigException;
import io.backuphub.engine.mongodb.MongoEngine;
import io.backuphub.engine.postgres.PostgresEngine;
import io.backuphub.engine.qdrant.QdrantEngine;
import io.backuphub.engine.questdb.QuestDbEngine;
import io.backuphub.engine.redis.RedisEngine;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** targets.yaml: defaults applied, and every problem reported at once with its path. */
class TargetsFileTest {

    private final TargetsFile parser = new TargetsFile(
            Map.<String, EngineCheck>of("postgres", new PostgresEngine(() -> "pg_restore")));
    private final TargetsFile withMongo = new TargetsFile(
            Map.<String, EngineCheck>of("postgres", new PostgresEngine(() -> "pg_restore"), "mongodb",
                    new MongoEngine(),
                    "qdrant", new QdrantEngine(), "questdb", new QuestDbEngine(), "redis", new RedisEngine()));

    @Test
    void aTargetNamesDeclaredStoresAndStoresToReplicateTo() {
        TargetsFile withStores = new TargetsFile(Map.of("postgres", new PostgresEngine(() -> "pg_restore")),
                java.util.Set.of("local", "offsite", "archive"));
        Target orders = withStores.parse("""
                targets:
                  - id: orders
                    engine: postgres
                    environment: dev
                    transport: {type: local}
                    database: {user: backup, name: orders}
                    stores: [local, offsite]
                    replicateTo: [archive]
                """, "t").get("orders");
        assertThat(orders.stores()).containsExactly("local", "offsite");
        assertThat(orders.replicateTo()).containsExactly("archive");
        assertThatThrownBy(() -> withStores.parse("""
                targets:
                  - id: a
                    engine: postgres
                    environment: dev
                    transport: {type: local}
                    database: {user: backup, name: orders}
                    stores: [elsewhere]
                    replicateTo: [moon]
                  - id: b
                    engine: postgres
                    environment: dev
                    transport: {type: local}
                    database: {user: backup, name: orders}
                    stores: [offsite, offsite]
                    replicateTo: [offsite]
                """, "t")).isInstanceOf(InvalidConfigException.class)
                .satisfies(e -> assertThat(((InvalidConfigException) e).problems())
                        .anyMatch(p -> p.startsWith("targets[0].stores[0]: unknown store \"elsewhere\" (declared:"))
                        .anyMatch(p -> p.startsWith("targets[0].replicateTo[0]: unknown store \"moon\""))
                        .anyMatch(p -> p.equals("targets[1].stores: names a store twice: each store holds one copy"))
                        .anyMatch(p -> p.equals("targets[1].replicateTo: store offsite is also in stores: each backup"
                                + " is written there already")));
    }

    @Test
    void aPostgresTargetStreamsItsWalOnASlotNamedAfterIt() {
        Target orders = parser.parse("""
                targets:
                  - id: shop-orders
                    engine: postgres
                    environment: dev
                    transport: {type: local}
                    database: {user: backup, name: orders}
                    pitr: {enabled: true, user: replicator, passwordEnv: REPLICATOR_PASSWORD}
                """, "t").get("shop-orders");
        assertThat(orders.pitrOn()).isTrue();
        assertThat(orders.pitr().slotFor(orders.id())).isEqualTo("backup_hub_shop_orders");
        assertThat(orders.pitr().maxLagOrDefault()).isEqualTo(Duration.ofMinutes(5));
        assertThatThrownBy(() -> withMongo.parse("""
                targets:
                  - id: a
                    engine: postgres
                    environment: dev
                    transport: {type: local}
                    database: {user: backup, name: orders}
                    pitr: {slot: "Bad-Slot", maxLag: PT0S, passwordFile: /run/secret, base: {cron: "61 * * * *"},
                           restoreDir: "relative/dir"}
                  - id: b
                    engine: mongodb
                    environment: dev
                    transport: {type: local}
                    database: {user: backup, name: shop}
                    pitr: {enabled: true}
                """, "t")).isInstanceOf(InvalidConfigException.class)
                .satisfies(e -> assertThat(((InvalidConfigException) e).problems())
                        .anyMatch(p -> p.startsWith("targets[0].pitr.enabled: is required"))
                        .anyMatch(p -> p.startsWith("targets[0].pitr.slot: must be 1-63 of a-z, 0-9 and _"))
                        .anyMatch(p -> p.startsWith("targets[0].pitr.maxLag: must be a positive"))
                        .anyMatch(p -> p.startsWith("targets[0].pitr.user: is required with a password"))
                        .anyMatch(p -> p.startsWith("targets[0].pitr.base.cron: "))
                        .anyMatch(p -> p.startsWith("targets[0].pitr.restoreDir: must match"))
                        .anyMatch(p -> p.startsWith("targets[0].pitr: restoreDir and pgBin go together"))
                        .anyMatch(p -> p.startsWith("targets[1].pitr: point-in-time recovery is for postgres")));
    }

    @Test
    void aRedisTargetTakesNoDatabaseNameAndARestoreFolderByAbsolutePath() {
        Target cache = withMongo.parse("""
                targets:
                  - id: cache
                    engine: redis
                    environment: dev
                    transport: {type: local}
                    database: {port: 6380, user: backup, passwordEnv: REDIS_PASSWORD}
                    redis: {restoreDir: /srv/redis-restores}
                """, "t").get("cache");
        assertThat(cache.database().port()).isEqualTo(6380);
        assertThatThrownBy(() -> withMongo.parse("""
                targets:
                  - id: a
                    engine: redis
                    environment: dev
                    transport: {type: local}
                    database: {name: "0", authDatabase: admin}
                    redis: {restoreDir: "../up", dir: /x}
                  - id: b
                    engine: redis
                    environment: dev
                    transport: {type: local}
                    database: {}
                    redis: {restoreDir: "/srv/$(id)"}
                """, "t")).isInstanceOf(InvalidConfigException.class)
                .satisfies(e -> assertThat(((InvalidConfigException) e).problems())
                        .anyMatch(p -> p.startsWith("targets[0].database.name: is not used by redis targets"))
                        .anyMatch(p -> p.startsWith("targets[0].database.authDatabase: is not used by redis targets"))
                        .anyMatch(p -> p.startsWith("targets[0].redis: unknown field \"dir\""))
                        .anyMatch(p -> p.startsWith("targets[1].redis.restoreDir: must match")));
    }

    @Test
    void aQuestDbTargetNamesItsDataRootAndARestoreDestinationItsServer() {
        Target metrics = withMongo.parse("""
                targets:
                  - id: metrics
                    engine: questdb
                    environment: dev
                    transport: {type: local}
                    database: {port: 8812, user: admin, passwordEnv: QDB_PASSWORD}
                    questdb: {root: /var/lib/questdb}
                  - id: scratch
                    engine: questdb
                    environment: dev
                    transport: {type: local}
                    database: {port: 8813}
                    questdb: {restoreDir: /srv/questdb-restores, serverJar: /opt/questdb/questdb.jar}
                """, "t").get("metrics");
        assertThat(metrics.section("questdb")).isEqualTo(Map.of("root", "/var/lib/questdb"));
        assertThatThrownBy(() -> withMongo.parse("""
                targets:
                  - id: a
                    engine: questdb
                    environment: dev
                    transport: {type: local}
                    database: {name: qdb, user: "x;y"}
                    questdb: {root: "/var/lib/questdb; rm -rf /", serverJar: /opt/q.jar, java: "$(id)"}
                  - id: b
                    engine: questdb
                    environment: dev
                    transport: {type: local}
                    database: {}
                    questdb: {root: relative/path, dataDir: /x}
                  - id: c
                    engine: questdb
                    environment: dev
                    transport: {type: local}
                    database: {}
                """, "t")).isInstanceOf(InvalidConfigException.class)
                .satisfies(e -> assertThat(((InvalidConfigException) e).problems())
                        .anyMatch(p -> p.startsWith("targets[0].database.name: is not used by questdb targets"))
                        .anyMatch(p -> p.startsWith("targets[0].database.user: must match"))
                        .anyMatch(p -> p.startsWith("targets[0].questdb.root: must match"))
                        .anyMatch(p -> p.startsWith("targets[0].questdb: restoreDir and serverJar go together"))
                        .anyMatch(p -> p.startsWith("targets[0].questdb.java: must match"))
                        .anyMatch(p -> p.startsWith("targets[1].questdb: unknown field \"dataDir\""))
                        .anyMatch(p -> p.startsWith("targets[2].questdb: needs root")));
    }

    @Test
    void aQdrantTargetSpeaksHttpWithItsKeyByReferenceAndHasNoTransport() {
        Target vectors = withMongo.parse("""
                targets:
                  - id: vectors
                    engine: qdrant
                    environment: dev
                    qdrant: {url: "https://qdrant.internal:6333", apiKeyEnv: QDRANT_KEY, collections: [articles]}
                """, "t").get("vectors");
        assertThat(vectors.transport()).isNull();
        assertThat(vectors.database()).isNull();
        assertThatThrownBy(() -> withMongo.parse("""
                targets:
                  - id: a
                    engine: qdrant
                    environment: dev
                    transport: {type: local}
                    qdrant: {url: "https://admin:secret@qdrant.internal", apiKey: plain, collections: ["a b"]}
                  - id: b
                    engine: qdrant
                    environment: dev
                    qdrant: {url: "ftp://x", apiKeyEnv: K, apiKeyFile: /nope, collections: ["a;b"]}
                  - id: c
                    engine: qdrant
                    environment: dev
                  - id: d
                    engine: qdrant
                    environment: dev
                    qdrant: {url: "https://admin:secret@qdrant.internal"}
                """, "t")).isInstanceOf(InvalidConfigException.class)
                .satisfies(e -> assertThat(((InvalidConfigException) e).problems())
                        .anyMatch(p -> p.equals("targets[0].transport: is not used by qdrant targets"))
                        .anyMatch(p -> p.startsWith("targets[0].qdrant: unknown field \"apiKey\""))
                        .anyMatch(p -> p.startsWith("targets[1].qdrant.url: must be an http(s) URL"))
                        .anyMatch(p -> p.equals("targets[1].qdrant: give apiKeyEnv or apiKeyFile, not both"))
                        .anyMatch(p -> p.startsWith("targets[1].qdrant.collections[0]: must match"))
                        .anyMatch(p -> p.startsWith("targets[2].qdrant: is required"))
                        .anyMatch(p -> p.startsWith("targets[3].qdrant.url: must be an http(s) URL"))
                        .noneMatch(p -> p.contains("secret")));
    }

    @Test
    void anEnginesOwnSectionIsReadStrictlyAndOnlyForThatEngine() {
        Target whole = withMongo.parse("""
                targets:
                  - id: sessions
                    engine: mongodb
                    environment: dev
                    transport: {type: local}
                    database: {port: 27018}
                    mongodb: {replicaSet: true}
                """, "t").get("sessions");
        assertThat(whole.section("mongodb")).isEqualTo(Map.of("replicaSet", true));
        assertThatThrownBy(() -> withMongo.parse("""
                targets:
                  - id: a
                    engine: mongodb
                    environment: dev
                    transport: {type: local}
                    database: {name: "shop$(id)", passwordEnv: MONGO_PW, authDatabase: "a b"}
                    mongodb: {replicaSet: yes-please}
                  - id: b
                    engine: postgres
                    environment: dev
                    transport: {type: local}
                    database: {user: u, name: d, authDatabase: admin}
                    mongodb: {replicaSet: true}
                  - id: c
                    engine: mongodb
                    environment: dev
                    transport: {type: local}
                    database: {}
                    mongodb: {oplog: true}
                    drill: {cron: "0 3 * * *", scratch: c}
                """, "t")).isInstanceOf(InvalidConfigException.class)
                .satisfies(e -> assertThat(((InvalidConfigException) e).problems())
                        .anyMatch(p -> p.startsWith("targets[0].database.name: must match"))
                        .anyMatch(p -> p.equals("targets[0].database.user: is required with a password"))
                        .anyMatch(p -> p.startsWith("targets[0].database.authDatabase: must match"))
                        .anyMatch(p -> p.startsWith("targets[0].mongodb: field replicaSet has an invalid value"))
                        .anyMatch(p -> p.startsWith("targets[2].mongodb: unknown field \"oplog\""))
                        .anyMatch(p -> p.startsWith("targets[2].drill: drills restore one database"))
                        .anyMatch(p -> p.equals("targets[1].database.authDatabase: is not used by postgres targets"))
                        .anyMatch(p -> p.equals("targets[1].mongodb: unknown field (the mongodb section is for"
                                + " mongodb targets)")));
    }

    @Test
    void minimalLocalTargetGetsDefaults() {
        Target t = parser.parse("""
                targets:
                  - id: orders
                    engine: postgres
                    environment: dev
                    transport: {type: local}
                    database: {user: postgres, name: orders}
                """, "test").get("orders");
        assertThat(t.compression()).isEqualTo(Compression.ZSTD);
        assertThat(t.compressionLevel()).isEqualTo(3);
        assertThat(t.expectedEvery()).isEqualTo(Duration.ofHours(24));
        assertThat(t.database().host()).isEqualTo("127.0.0.1");
        assertThat(t.encrypted()).isFalse();
    }

    @Test
    void everyProblemIsListedWithItsPath() {
        assertThatThrownBy(() -> parser.parse(
                """
                        targets:
                          - id: Orders!
                            engine: mysql
                            environment: prod
                            transport: {type: ssh, host: "db1; rm -rf /", user: backup, privateKeyFile: /nope, knownHostsFile: /nope2}
                            database: {user: "postgres", name: "x; rm -rf /"}
                            compressionLevel: 42
                          - id: orders2
                            engine: postgres
                            environment: prod
                            transport: {type: ssh, host: db1, user: backup, privateKeyFile: /etc/hostname}
                            database: {user: postgres, name: orders, passwordEnv: "NOT-A-NAME"}
                            encryption: {ageRecipients: ["age1notakey"]}
                        """,
                "targets.yaml"))
                .isInstanceOf(InvalidConfigException.class)
                .satisfies(e -> assertThat(((InvalidConfigException) e).problems()).contains(
                        "targets[0].id: must match [a-z0-9-]{1,63}, not \"Orders!\"",
                        "targets[0].engine: unknown engine \"mysql\" (one of [postgres])",
                        "targets[0].transport.host: must be a host name or IP address, not \"db1; rm -rf /\"",
                        "targets[0].transport.privateKeyFile: file \"/nope\" does not exist or is not readable",
                        "targets[0].compressionLevel: must be within 1..19 for zstd",
                        "targets[1].transport.knownHostsFile: is required: host keys are always checked",
                        "targets[1].database.passwordEnv: must name an environment variable, not \"NOT-A-NAME\"",
                        "targets[1].encryption.ageRecipients[0]: is not an age X25519 public key (age1...)"));
    }

    @Test
    void engineChecksDatabaseNames() {
        assertThatThrownBy(() -> parser.parse("""
                targets:
                  - id: a
                    engine: postgres
                    environment: dev
                    transport: {type: local}
                    database: {user: postgres, name: "host=evil.example dbname=x"}
                """, "t"))
                .hasMessageContaining("targets[0].database.name: must match");
    }

    @Test
    void anUnknownFieldIsAnError() {
        assertThatThrownBy(() -> parser.parse("""
                targets:
                  - id: a
                    engine: postgres
                    environmnet: dev
                """, "t")).hasMessageContaining("unknown field \"environmnet\" in targets[0] (line")
                .isInstanceOf(InvalidConfigException.class);
    }

    @Test
    void aDuplicateIdIsAnError() {
        assertThatThrownBy(() -> parser.parse("""
                targets:
                  - {id: a, engine: postgres, environment: dev, transport: {type: local}, database: {user: u, name: d}}
                  - {id: a, engine: postgres, environment: dev, transport: {type: local}, database: {user: u, name: d}}
                """, "t")).hasMessageContaining("targets[1].id: duplicate id \"a\"");
    }

    @Test
    void everyValueOfTheWrongTypeIsReportedNotOnlyTheFirst() {
        assertThatThrownBy(() -> parser.parse("""
                targets:
                  - id: a
                    engine: postgres
                    environment: dev
                    compression: brotli
                    expectedEvery: daily
                    transport: {type: local}
                    database: {user: u, name: d}
                  - id: b
                    engine: postgres
                    environment: dev
                    compression: lz4
                    colour: blue
                    transport: {type: local}
                    database: {user: u, name: d, port: many}
                """, "t"))
                .isInstanceOf(InvalidConfigException.class)
                .satisfies(e -> assertThat(((InvalidConfigException) e).problems())
                        .anyMatch(p -> p.startsWith("field targets[0].compression has an invalid value \"brotli\""))
                        .anyMatch(p -> p.contains("targets[0].expectedEvery"))
                        .anyMatch(p -> p.startsWith("field targets[1].compression has an invalid value \"lz4\""))
                        .anyMatch(p -> p.equals("unknown field \"colour\" in targets[1]"))
                        .anyMatch(p -> p.contains("targets[1].database.port"))
                        .hasSize(5));
    }

    @Test
    void brokenYamlSaysWhere() {
        assertThatThrownBy(() -> parser.parse("targets: [\n  - id: a\n", "t"))
                .hasMessageContaining("line");
    }
}
