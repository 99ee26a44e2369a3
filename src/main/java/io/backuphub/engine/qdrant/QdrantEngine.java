package io.backuphub.engine.qdrant;

import io.backuphub.common.ConfigFiles;
import io.backuphub.common.ContextThreads;
import io.backuphub.common.FailureRules;
import io.backuphub.common.Problems;
import io.backuphub.common.SafeValues;
import io.backuphub.engine.Dump;
import io.backuphub.engine.DumpRequest;
import io.backuphub.engine.Engine;
import io.backuphub.engine.Restorer;
import io.backuphub.engine.Verification;
import io.backuphub.engine.VerifyRequest;
import io.backuphub.target.Target;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Qdrant, over its HTTP API (no transport): for each collection a snapshot is made on the node,
 * streamed into the artifact (one tar of every collection's snapshot, so one backup is one artifact
 * with one retention and one verification), checked against Qdrant's SHA-256, and deleted from the
 * node — always. Restores upload a snapshot into a collection (docs/qdrant.md).
 */
@ApplicationScoped
public class QdrantEngine implements Engine {

    static final Pattern COLLECTION = Pattern.compile("[A-Za-z0-9_-]{1,63}");
    private static final Logger LOG = Logger.getLogger(QdrantEngine.class);
    private static final int PIPE = 1024 * 1024;

    private final QdrantRestorer restorer = new QdrantRestorer();

    @Override
    public String name() {
        return "qdrant";
    }

    @Override
    public boolean hasSection() {
        return true;
    }

    @Override
    public boolean usesTransport() {
        return false;
    }

    @Override
    public boolean usesDatabase() {
        return false;
    }

    @Override
    public void validate(Target target, Problems problems) {
        Problems at = problems.at(name());
        QdrantSettings settings = ConfigFiles.section(target.section(name()), QdrantSettings.class, at);
        if (target.section(name()) == null) {
            problems.add(name(), "is required: {url, apiKeyEnv | apiKeyFile, collections}");
            return;
        }
        if (settings == null) {
            return;
        }
        URI url = null;
        try {
            url = settings.url() == null ? null : new URI(settings.url());
        } catch (Exception e) {
            // reported below
        }
        if (url == null || !("http".equals(url.getScheme()) || "https".equals(url.getScheme())) || url.getHost() == null
                || url.getUserInfo() != null || url.getQuery() != null || url.getFragment() != null) {
            // Not echoed: a URL with user:password in it is a secret in the wrong place.
            at.add("url", "must be an http(s) URL of the Qdrant node, without credentials, query or fragment (the"
                    + " API key goes in apiKeyEnv or apiKeyFile)");
        }
        if (settings.apiKeyEnv() != null && settings.apiKeyFile() != null) {
            at.add("give apiKeyEnv or apiKeyFile, not both");
        }
        if (settings.apiKeyEnv() != null && !SafeValues.matches(SafeValues.ENV_NAME, settings.apiKeyEnv())) {
            at.add("apiKeyEnv", "must name an environment variable, not " + SafeValues.show(settings.apiKeyEnv()));
        }
        if (settings.apiKeyFile() != null && !Files.isReadable(Path.of(settings.apiKeyFile()))) {
            at.add("apiKeyFile",
                    "file " + SafeValues.show(settings.apiKeyFile()) + " does not exist or is not readable");
        }
        if (settings.collections() != null) {
            SafeValues.names(settings.collections(), COLLECTION, at.at("collections"));
        }
        if (target.drill() != null && (settings.collections() == null || settings.collections().size() != 1)) {
            problems.at("drill").add("drills restore one collection: list exactly one in qdrant.collections");
        }
    }

    static QdrantSettings settings(Target target) {
        return ConfigFiles.section(target.section("qdrant"), QdrantSettings.class, new Problems());
    }

    @Override
    public String dumpExtension() {
        return "tar";
    }

    @Override
    public Dump startDump(DumpRequest request) throws IOException {
        QdrantSettings settings = settings(request.target());
        QdrantClient client = new QdrantClient(settings);
        List<String> collections = settings.collections() != null ? settings.collections() : client.collections();
        return new SnapshotDump(client, collections);
    }

    @Override
    public Map<String, Object> describe(byte[] head) {
        return Map.of();
    }

    @Override
    public String restoreCommand() {
        return "tar -xO COLLECTION.snapshot | curl -X POST -H 'api-key: ...' -F snapshot=@-"
                + " 'QDRANT_URL/collections/NEW_COLLECTION/snapshots/upload?priority=snapshot'";
    }

    @Override
    public Verification verify(VerifyRequest request) {
        return Verification.byReading(request, "backup-hub snapshot archive reader", (in, evidence) -> {
            SnapshotArchive.Contents contents = SnapshotArchive.read(in);
            evidence.put("collections", contents.index().collections().size());
            evidence.put("snapshotFiles", contents.innerEntries());
            evidence.put("decodedBytes", contents.bytes());
            return new Verification.Reading("read " + contents.index().collections().size()
                    + " snapshots to the end; every SHA-256 matches Qdrant's", contents.fingerprint());
        });
    }

    @Override
    public FailureRules failures() {
        return QdrantFailures.RULES;
    }

    @Override
    public Optional<Restorer> restorer() {
        return Optional.of(restorer);
    }

    /**
     * The archive written on a thread of its own into a pipe the pipeline reads: snapshot by
     * snapshot, each deleted from the node whatever happens.
     */
    private static final class SnapshotDump implements Dump {

        private final PipedInputStream data = new PipedInputStream(PIPE);
        private final AtomicReference<Exception> failure = new AtomicReference<>();
        private final Map<String, Object> facts = new LinkedHashMap<>();
        private final Thread writer;

        SnapshotDump(QdrantClient client, List<String> collections) throws IOException {
            PipedOutputStream out = new PipedOutputStream(data);
            facts.put("databases", collections);
            facts.put("collectionCount", collections.size());
            facts.put("serverVersion", client.version());
            writer = ContextThreads.daemon(() -> {
                try (out; SnapshotArchive.Writer archive = new SnapshotArchive.Writer(out)) {
                    for (String collection : collections) {
                        archive.record(snapshot(client, collection, archive));
                    }
                } catch (Exception e) {
                    failure.set(e);
                }
            }, "qdrant-snapshots");
            writer.start();
        }

        private static SnapshotArchive.Entry snapshot(QdrantClient client, String collection,
                SnapshotArchive.Writer archive) throws IOException {
            QdrantClient.Collection before = client.collection(collection)
                    .orElseThrow(() -> new IOException("Qdrant has no collection " + collection));
            QdrantClient.Snapshot snapshot = client.createSnapshot(collection);
            try (InputStream bytes = client.download(collection, snapshot.name())) {
                String sha256 = archive.add(collection, snapshot.size(), bytes);
                if (snapshot.checksum() != null && !snapshot.checksum().equalsIgnoreCase(sha256)) {
                    throw new IOException("the snapshot of " + collection + " does not match the SHA-256 Qdrant gave"
                            + " (" + snapshot.checksum() + ", read " + sha256 + ")");
                }
                return new SnapshotArchive.Entry(collection, snapshot.name(), snapshot.size(), sha256,
                        snapshot.checksum(), before.points(), before.vectors());
            } finally {
                try {
                    client.deleteSnapshot(collection, snapshot.name());
                } catch (IOException e) {
                    LOG.errorf("could not delete snapshot %s of %s on the Qdrant node: %s (delete it by hand)",
                            snapshot.name(), collection, e.getMessage());
                }
            }
        }

        @Override
        public InputStream data() {
            return data;
        }

        @Override
        public void finish() throws IOException {
            try {
                writer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
            Exception e = failure.get();
            if (e != null) {
                throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
            }
        }

        @Override
        public Map<String, Object> facts() {
            return facts;
        }

        @Override
        public void close() {
            try {
                data.close(); // the writer's next write fails: it stops and deletes its snapshot
            } catch (IOException e) {
                // closing a pipe does not fail
            }
        }
    }
}
