package io.backuphub.testing;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;

/**
 * MongoDB's wire protocol in the test JVM (mongo-java-server, memory backend, a random loopback port):
 * the real mongodump and mongorestore work against it. No authentication and no oplog there.
 */
public final class MongoServers implements AutoCloseable {

    public static final String SHOP_DB = "shop";
    public static final String OTHER_DB = "other";
    /** On the destination server: a live database a replace restore swaps out. */
    public static final String LIVE_DB = "shop_live";

    private final MongoServer server;
    private final int port;

    private MongoServers(MongoServer server, int port) {
        this.server = server;
        this.port = port;
    }

    public static MongoServers start() {
        MongoServer server = new MongoServer(new MemoryBackend());
        InetSocketAddress address = server.bind();
        return new MongoServers(server, address.getPort());
    }

    public int port() {
        return port;
    }

    public MongoClient client() {
        return MongoClients.create("mongodb://127.0.0.1:" + port + "/?serverSelectionTimeoutMS=10000");
    }

    /** Documents of every BSON kind a dump must carry unchanged, an empty collection, and a second database. */
    public void seedSource() {
        try (MongoClient client = client()) {
            MongoDatabase shop = client.getDatabase(SHOP_DB);
            MongoCollection<Document> orders = shop.getCollection("orders");
            List<Document> docs = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                docs.add(new Document("_id", new ObjectId()).append("n", i).append("big", (long) i << 40)
                        .append("price", new Decimal128(i * 100L + 99).bigDecimalValue().movePointLeft(2))
                        .append("at", java.util.Date.from(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i)))
                        .append("tags", Arrays.asList("a", "ü", "😀", i % 2 == 0 ? null : "odd"))
                        .append("line", new Document("qty", i % 7).append("note", "quote \" back\\slash $x.y"))
                        .append("raw", new Binary(new byte[]{(byte) i, 0, (byte) 255})));
            }
            orders.insertMany(docs);
            shop.getCollection("people").insertOne(new Document("name", "Ann").append("ratio", 0.1 + 0.2));
            shop.createCollection("empty_one");
            client.getDatabase(OTHER_DB).getCollection("things").insertOne(new Document("k", 1));
        }
    }

    public void seedLive() {
        try (MongoClient client = client()) {
            client.getDatabase(LIVE_DB).getCollection("orders").insertOne(new Document("stale", true));
        }
    }

    /** Per collection of {@code database}: its documents as JSON, sorted, to compare two databases exactly. */
    public Map<String, List<String>> contents(String database) {
        Map<String, List<String>> contents = new TreeMap<>();
        try (MongoClient client = client()) {
            MongoDatabase db = client.getDatabase(database);
            for (String name : db.listCollectionNames()) {
                List<String> docs = new ArrayList<>();
                db.getCollection(name).find().forEach(d -> docs.add(d.toJson()));
                docs.sort(null);
                contents.put(name, docs);
            }
        }
        return contents;
    }

    public List<String> databases() {
        try (MongoClient client = client()) {
            return client.listDatabaseNames().into(new ArrayList<>());
        }
    }

    @Override
    public void close() {
        server.shutdownNow();
    }
}
