package io.backuphub.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The targets the engine tests back up, restore and drill, by engine. A test class declares the ones
 * it uses ({@link HubTargets#declare}); their servers ({@link EngineServers}) start then.
 */
public enum EngineTargets {

    /** MongoEngineTest: one database over SSH (drilled), the whole server locally, a destination, a server down. */
    MONGODB {

        @Override
        String yaml(Path work, String ssh) {
            int source = EngineServers.mongo().port();
            int destination = EngineServers.mongoDestination().port();
            String database = "    database:\n      host: 127.0.0.1\n      port: %d\n%s";
            return "  - id: mongo-shop\n    engine: mongodb\n    environment: staging\n" + ssh
                    + database.formatted(source, "      name: " + MongoServers.SHOP_DB + "\n")
                    + "    drill:\n      cron: \"0 5 * * *\"\n      scratch: mongo-scratch\n"
                    + "  - id: mongo-server\n    engine: mongodb\n    environment: staging\n"
                    + "    transport:\n      type: local\n" + database.formatted(source, "")
                    + "    compression: gzip\n"
                    + "  - id: mongo-dest\n    engine: mongodb\n    environment: staging\n" + ssh
                    + database.formatted(destination, "      name: " + MongoServers.LIVE_DB + "\n")
                    + "    restore:\n      allowReplace: true\n"
                    + "  - id: mongo-scratch\n    engine: mongodb\n    environment: scratch\n"
                    + "    transport:\n      type: local\n" + database.formatted(destination, "      name: scratch\n")
                    + "  - id: mongo-down\n    engine: mongodb\n    environment: faults\n"
                    + "    transport:\n      type: local\n"
                    + database.formatted(Processes.freePort(), "      name: " + MongoServers.SHOP_DB + "\n");
        }
    },

    /** QdrantEngineTest: the node over HTTP with its API key by reference, one collection, faults, a bad key. */
    QDRANT {

        @Override
        String yaml(Path work, String ssh) throws IOException {
            Path key = secret(work, "qdrant-key", EngineServers.QDRANT_KEY);
            Path wrongKey = secret(work, "qdrant-wrong-key", "not-the-key");
            String node = "    qdrant:\n      url: " + EngineServers.qdrant().url()
                    + "\n      apiKeyFile: %s\n      collections: %s\n";
            return "  - id: qdrant-all\n    engine: qdrant\n    environment: staging\n"
                    + node.formatted(key, "[articles, images]")
                    + "  - id: qdrant-articles\n    engine: qdrant\n    environment: staging\n"
                    + node.formatted(key, "[articles]")
                    + "    drill:\n      cron: \"0 6 * * *\"\n      scratch: qdrant-articles\n"
                    + "  - id: qdrant-tampered\n    engine: qdrant\n    environment: faults\n"
                    + node.formatted(key, "[tampered]")
                    + "  - id: qdrant-vanishing\n    engine: qdrant\n    environment: faults\n"
                    + node.formatted(key, "[vanishing]")
                    + "  - id: qdrant-wrong-key\n    engine: qdrant\n    environment: faults\n"
                    + node.formatted(wrongKey, "[articles]");
        }
    },

    /** MysqlEngineTest: MariaDB over SSH (as engine: mariadb, the alias), a live database to replace, a scratch, a wrong password. */
    MARIADB {

        @Override
        String yaml(Path work, String ssh) throws IOException {
            Path password = secret(work, "mariadb-password", MariaDbServer.PASSWORD);
            Path wrong = secret(work, "mariadb-wrong-password", "wrong");
            String database = "    database:\n      host: 127.0.0.1\n      port: " + EngineServers.mariadb().port()
                    + "\n      user: " + MariaDbServer.USER + "\n      passwordFile: %s\n      name: %s\n";
            String local = "    transport:\n      type: local\n";
            return "  - id: maria-shop\n    engine: mariadb\n    environment: staging\n" + ssh
                    + database.formatted(password, MariaDbServer.SOURCE_DB)
                    + "    drill:\n      cron: \"0 7 * * *\"\n      scratch: maria-scratch\n"
                    + "  - id: maria-live\n    engine: mysql\n    environment: staging\n" + local
                    + database.formatted(password, MariaDbServer.LIVE_DB)
                    + "    restore:\n      allowReplace: true\n"
                    + "  - id: maria-scratch\n    engine: mysql\n    environment: scratch\n" + local
                    + database.formatted(password, "scratch")
                    + "  - id: maria-wrong-password\n    engine: mysql\n    environment: faults\n" + local
                    + database.formatted(wrong, MariaDbServer.SOURCE_DB);
        }
    },

    /**
     * QuestDbEngineTest: the server over SSH (checkpoint through the tunnel, tar as the SSH user), a
     * scratch destination where the hub starts QuestDB on restored roots, a root that is not the
     * server's, a wrong password.
     */
    QUESTDB {

        @Override
        String yaml(Path work, String ssh) throws IOException {
            QuestDbServer questdb = EngineServers.questdb();
            Path password = secret(work, "questdb-password", QuestDbServer.PASSWORD);
            Path wrong = secret(work, "questdb-wrong-password", "wrong");
            Path notQuestDb = Files.createDirectories(work.resolve("not-questdb"));
            String database = "    database:\n      host: 127.0.0.1\n      port: %d\n      user: " + QuestDbServer.USER
                    + "\n      passwordFile: %s\n";
            String source = database.formatted(questdb.port(), password) + "    questdb:\n      root: %s\n";
            String local = "    transport:\n      type: local\n";
            return "  - id: quest-shop\n    engine: questdb\n    environment: staging\n" + ssh
                    + source.formatted(questdb.root())
                    + "    drill:\n      cron: \"0 8 * * *\"\n      scratch: quest-scratch\n"
                    + "  - id: quest-scratch\n    engine: questdb\n    environment: scratch\n" + local
                    + database.formatted(Processes.freePort(), password)
                    + "    questdb:\n      restoreDir: " + questdbRestores() + "\n      serverJar: "
                    + QuestDbServer.jar() + "\n"
                    + "  - id: quest-local\n    engine: questdb\n    environment: staging\n" + local
                    + source.formatted(questdb.root())
                    + "  - id: quest-wrong-root\n    engine: questdb\n    environment: faults\n" + local
                    + source.formatted(notQuestDb)
                    + "  - id: quest-wrong-password\n    engine: questdb\n    environment: faults\n" + local
                    + database.formatted(questdb.port(), wrong) + "    questdb:\n      root: " + questdb.root() + "\n";
        }
    },

    /** RedisEngineTest: the server over SSH as an ACL user, a scratch destination, a wrong password. */
    REDIS {

        @Override
        String yaml(Path work, String ssh) throws IOException {
            Path password = secret(work, "redis-password", RedisServer.PASSWORD);
            Path wrong = secret(work, "redis-wrong-password", "wrong");
            String database = "    database:\n      host: 127.0.0.1\n      port: " + EngineServers.redis().port()
                    + "\n      user: " + RedisServer.USER + "\n      passwordFile: %s\n";
            String local = "    transport:\n      type: local\n";
            return "  - id: redis-cache\n    engine: redis\n    environment: staging\n" + ssh
                    + database.formatted(password)
                    + "    drill:\n      cron: \"0 9 * * *\"\n      scratch: redis-scratch\n"
                    + "  - id: redis-scratch\n    engine: redis\n    environment: scratch\n" + local
                    + "    database: {}\n    redis:\n      restoreDir: " + redisRestores() + "\n"
                    + "  - id: redis-local\n    engine: redis\n    environment: staging\n" + local
                    + database.formatted(password)
                    + "  - id: redis-wrong-password\n    engine: redis\n    environment: faults\n" + local
                    + database.formatted(wrong);
        }
    },

    /** EngineContractTest: every engine's server down (nothing listens on its port). */
    SERVERS_DOWN {

        @Override
        String yaml(Path work, String ssh) throws IOException {
            Path pgPassword = secret(work, "pg-down-password", PostgresCluster.PASSWORD);
            String local = "    environment: faults\n    transport:\n      type: local\n";
            String database = "    database:\n      host: 127.0.0.1\n      port: %d\n%s";
            return "  - id: pg-down\n    engine: postgres\n" + local + database.formatted(Processes.freePort(),
                    "      user: postgres\n      passwordFile: " + pgPassword + "\n      name: orders\n")
                    + "  - id: maria-down\n    engine: mysql\n" + local
                    + database.formatted(Processes.freePort(), "      user: hub\n      name: shop\n")
                    + "  - id: quest-down\n    engine: questdb\n" + local + database.formatted(Processes.freePort(), "")
                    + "    questdb:\n      root: " + Files.createDirectories(work.resolve("quest-down-root")) + "\n"
                    + "  - id: redis-down\n    engine: redis\n" + local + database.formatted(Processes.freePort(), "")
                    + "  - id: qdrant-down\n    engine: qdrant\n    environment: faults\n    qdrant:\n"
                    + "      url: http://127.0.0.1:" + Processes.freePort() + "\n      collections: [articles]\n";
        }
    };

    /** The targets' YAML entries; {@code ssh} is the transport block of the tests' SSH server. */
    abstract String yaml(Path work, String ssh) throws IOException;

    /** Where the Redis scratch target restores to. */
    public static Path redisRestores() {
        return HubTestResource.work().resolve("redis-restores");
    }

    /** Where the QuestDB scratch target restores to. */
    public static Path questdbRestores() {
        return HubTestResource.work().resolve("questdb-restores");
    }

    private static Path secret(Path work, String name, String value) throws IOException {
        Path file = work.resolve(name);
        Files.writeString(file, value + "\n");
        return file;
    }
}
