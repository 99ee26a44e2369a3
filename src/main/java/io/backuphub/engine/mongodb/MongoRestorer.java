package io.backuphub.engine.mongodb;

import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCredential;
import com.mongodb.MongoException;
import com.mongodb.ServerAddress;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.connection.ClusterConnectionMode;
import io.backuphub.common.Secrets;
import io.backuphub.engine.Connector;
import io.backuphub.engine.Fingerprint;
import io.backuphub.engine.RestoreRequest;
import io.backuphub.engine.Restorer;
import io.backuphub.engine.ToolSession;
import io.backuphub.target.Target;
import io.backuphub.transport.Connection;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.bson.Document;
import org.bson.RawBsonDocument;

/**
 * Restores a one-database mongodump archive with mongorestore on the destination's host, renaming its
 * namespaces into the restore's database ({@code --nsFrom/--nsTo}). Looking at the destination,
 * dropping, renaming and fingerprinting speak MongoDB's protocol through the destination's transport
 * (an SSH tunnel, or directly for local), as the target's user: the database tools cannot drop a database.
 */
final class MongoRestorer implements Restorer {

    private static final Duration RESTORE_WAIT = Duration.ofHours(24);
    private static final int PRELUDE_LIMIT = 16 * 1024 * 1024;

    @Override
    public Pattern databaseName() {
        return MongoEngine.DATABASE;
    }

    @Override
    public DestinationFacts inspect(Target destination, String database, Connector connector) throws IOException {
        return withServer(destination, connector, client -> {
            Document build = client.getDatabase("admin").runCommand(new Document("buildInfo", 1));
            String version = build.getString("version");
            boolean exists = client.listDatabaseNames().into(new ArrayList<>()).contains(database);
            boolean empty = !exists || dataCollections(client.getDatabase(database)).isEmpty();
            return new DestinationFacts(version, Restorer.majorVersion(version), exists, empty);
        });
    }

    @Override
    public Optional<String> incompatibility(Map<String, Object> dumpFacts, DestinationFacts destination) {
        Object databases = dumpFacts.get("databaseCount");
        if (databases instanceof Number n && n.intValue() != 1) {
            return Optional.of("the archive holds " + n + " databases; the hub restores a backup of one database"
                    + " (database.name): restore a whole-server archive by hand with mongorestore (docs/mongodb.md)");
        }
        if (Restorer.dumpIsNewer(dumpFacts, destination)) {
            return Optional.of("the destination server is MongoDB " + destination.serverVersion()
                    + " and the dump comes from " + dumpFacts.get("serverVersion")
                    + ": restore into the same or a newer version");
        }
        return Optional.empty();
    }

    /** MongoDB makes a database with its first collection: mongorestore does that. */
    @Override
    public void createDatabase(Target destination, String database, Connector connector) {
    }

    @Override
    public void dropDatabase(Target destination, String database, Connector connector) throws IOException {
        withServer(destination, connector, client -> {
            client.getDatabase(database).drop();
            return null;
        });
    }

    /** MongoDB cannot rename a database: every collection moves to the new name, one by one. */
    @Override
    public void renameDatabase(Target destination, String from, String to, Connector connector) throws IOException {
        withServer(destination, connector, client -> {
            MongoDatabase admin = client.getDatabase("admin");
            for (String collection : dataCollections(client.getDatabase(from))) {
                admin.runCommand(new Document("renameCollection", from + "." + collection)
                        .append("to", to + "." + collection));
            }
            return null;
        });
    }

    @Override
    public void restore(RestoreRequest request) throws IOException {
        try (InputStream stored = request.source().open()) {
            RecordingStream archive = new RecordingStream(stored, PRELUDE_LIMIT);
            MongoArchive.Prelude prelude = MongoArchive.prelude(archive);
            if (prelude.databases().size() > 1) {
                throw new IOException("the archive holds " + prelude.databases().size() + " databases "
                        + prelude.databases() + "; the hub restores a backup of one database (docs/mongodb.md)");
            }
            String from = prelude.databases().isEmpty() ? request.database() : prelude.databases().iterator().next();
            List<String> argv = List.of("--archive", "--stopOnError", "--nsInclude=" + from + ".*",
                    "--nsFrom=" + from + ".*", "--nsTo=" + request.database() + ".*");
            ToolSession.run(request.connector(), MongoTools.command("mongorestore", request.destination(), argv),
                    archive.replayed(), request.progress(), RESTORE_WAIT, ToolSession.DISCARD);
        }
    }

    /**
     * Every collection's documents as the server returns them, raw, summed the way {@link MongoArchive}
     * sums a dump's: mongodump writes the documents it receives byte for byte.
     */
    @Override
    public Fingerprint fingerprint(Target destination, String database, Connector connector) throws IOException {
        return withServer(destination, connector, client -> {
            MongoDatabase db = client.getDatabase(database);
            Fingerprint.Builder fingerprint = new Fingerprint.Builder();
            for (String collection : dataCollections(db)) {
                fingerprint.table(collection);
                for (RawBsonDocument doc : db.getCollection(collection, RawBsonDocument.class).find()) {
                    byte[] bytes = doc.getByteBuffer().array();
                    int offset = doc.getByteBuffer().arrayOffset();
                    fingerprint.rowPart(bytes, offset, doc.getByteBuffer().remaining());
                    fingerprint.endRow();
                }
            }
            return fingerprint.build();
        });
    }

    /** Collections that hold documents (not views; of the system collections only timeseries buckets). */
    private static List<String> dataCollections(MongoDatabase db) {
        List<String> names = new ArrayList<>();
        for (Document c : db.listCollections()) {
            String name = c.getString("name");
            if (!"view".equals(c.getString("type")) && !"timeseries".equals(c.getString("type"))
                    && (!name.startsWith("system.") || name.startsWith("system.buckets."))) {
                names.add(name);
            }
        }
        return names;
    }

    @FunctionalInterface
    private interface ServerCall<T> {

        T call(MongoClient client);
    }

    private static <T> T withServer(Target target, Connector connector, ServerCall<T> call) throws IOException {
        Target.DatabaseSpec db = target.database();
        try (Connection connection = connector.connect()) {
            InetSocketAddress address = connection.forward(db.host(), MongoTools.port(db));
            Optional<String> password = Secrets.resolve(db.passwordEnv(), db.passwordFile(), "database password");
            MongoClientSettings.Builder settings = MongoClientSettings.builder()
                    .applyToClusterSettings(c -> c.hosts(List.of(new ServerAddress(address.getHostString(),
                            address.getPort()))).mode(ClusterConnectionMode.SINGLE)
                            .serverSelectionTimeout(MongoTools.SERVER_TIMEOUT_MS, TimeUnit.MILLISECONDS))
                    .applyToSocketSettings(s -> s.connectTimeout(MongoTools.SERVER_TIMEOUT_MS, TimeUnit.MILLISECONDS));
            if (db.user() != null) {
                settings.credential(MongoCredential.createCredential(db.user(), MongoTools.authDatabase(db),
                        password.orElse("").toCharArray()));
            }
            try (MongoClient client = MongoClients.create(settings.build())) {
                return call.call(client);
            }
        } catch (MongoException e) {
            throw new IOException("MongoDB at " + db.host() + ":" + MongoTools.port(db) + " (seen from "
                    + target.id() + "'s host): " + e.getMessage(), e);
        }
    }
}
