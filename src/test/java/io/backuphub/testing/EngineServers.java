package io.backuphub.testing;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The database servers of the engine tests (MongoDB, MariaDB, QuestDB, Redis, a Qdrant double), seeded.
 * Each starts once per test JVM, on first use, and stops when the JVM exits: a test class that needs no
 * MongoDB starts none. {@link EngineTargets} names them in the hub's targets.
 */
public final class EngineServers {

    public static final String QDRANT_KEY = "qdrant-test-api-key";

    private static MongoServers mongo;
    private static MongoServers mongoDestination;
    private static MariaDbServer mariadb;
    private static QuestDbServer questdb;
    private static RedisServer redis;
    private static QdrantDouble qdrant;

    private EngineServers() {
    }

    public static synchronized MongoServers mongo() {
        if (mongo == null) {
            mongo = stoppedAtExit(MongoServers.start());
            mongo.seedSource();
        }
        return mongo;
    }

    /** A second MongoDB server that restores and drills go to. */
    public static synchronized MongoServers mongoDestination() {
        if (mongoDestination == null) {
            mongoDestination = stoppedAtExit(MongoServers.start());
            mongoDestination.seedLive();
        }
        return mongoDestination;
    }

    public static synchronized MariaDbServer mariadb() {
        if (mariadb == null) {
            mariadb = stoppedAtExit(started(MariaDbServer::start));
            mariadb.seed();
        }
        return mariadb;
    }

    public static synchronized QuestDbServer questdb() {
        if (questdb == null) {
            questdb = stoppedAtExit(started(QuestDbServer::start));
            questdb.seed();
        }
        return questdb;
    }

    public static synchronized RedisServer redis() {
        if (redis == null) {
            redis = stoppedAtExit(started(RedisServer::start));
            redis.seed();
        }
        return redis;
    }

    /** Collections "articles" and "images", "tampered" (a wrong checksum), "vanishing" (gone mid-download). */
    public static synchronized QdrantDouble qdrant() {
        if (qdrant == null) {
            qdrant = stoppedAtExit(started(() -> QdrantDouble.start(QDRANT_KEY)));
            qdrant.addCollection("articles", 1234, "{\"size\":384,\"distance\":\"Cosine\"}", QdrantDouble.Fault.NONE);
            qdrant.addCollection("images", 56, "{\"clip\":{\"size\":512,\"distance\":\"Dot\"}}",
                    QdrantDouble.Fault.NONE);
            qdrant.addCollection("tampered", 7, "{\"size\":4,\"distance\":\"Euclid\"}",
                    QdrantDouble.Fault.WRONG_CHECKSUM);
            qdrant.addCollection("vanishing", 9, "{\"size\":4,\"distance\":\"Euclid\"}",
                    QdrantDouble.Fault.VANISHES_MID_DOWNLOAD);
        }
        return qdrant;
    }

    private interface Start<T> {

        T start() throws IOException;
    }

    private static <T> T started(Start<T> start) {
        try {
            return start.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T extends AutoCloseable> T stoppedAtExit(T server) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (Exception e) {
                // the JVM is exiting; nothing to tell
            }
        }, "stop-" + server.getClass().getSimpleName()));
        return server;
    }
}
