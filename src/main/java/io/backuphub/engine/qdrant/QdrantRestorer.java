package io.backuphub.engine.qdrant;

import io.backuphub.engine.Connector;
import io.backuphub.engine.Fingerprint;
import io.backuphub.engine.RestoreRequest;
import io.backuphub.engine.Restorer;
import io.backuphub.target.Target;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Restores a one-collection Qdrant artifact by uploading its snapshot into a collection of the
 * destination node; "database" is a collection here. Qdrant cannot rename a collection, so a replace
 * is refused (upload by hand with {@code priority=snapshot}: docs/qdrant.md).
 */
final class QdrantRestorer implements Restorer {

    @Override
    public Pattern databaseName() {
        return QdrantEngine.COLLECTION;
    }

    @Override
    public DestinationFacts inspect(Target destination, String collection, Connector connector) throws IOException {
        QdrantClient client = client(destination);
        String version = client.version();
        Optional<QdrantClient.Collection> existing = client.collection(collection);
        return new DestinationFacts(version, Restorer.majorVersion(version), existing.isPresent(),
                existing.map(c -> c.points() == 0).orElse(true));
    }

    @Override
    public Optional<String> incompatibility(Map<String, Object> dumpFacts, DestinationFacts destination) {
        Object collections = dumpFacts.get("collectionCount");
        if (collections instanceof Number n && n.intValue() != 1) {
            return Optional.of("the artifact holds " + n + " collections; the hub restores a backup of one collection"
                    + " (qdrant.collections with one name): upload the others by hand (docs/qdrant.md)");
        }
        return Optional.empty();
    }

    @Override
    public Optional<String> replaceRefusal() {
        return Optional.of("Qdrant cannot rename a collection, so the hub cannot swap a restored collection in:"
                + " restore into a new collection and point your application (or an alias) at it, or recover in"
                + " place by hand (docs/qdrant.md)");
    }

    /** Qdrant makes the collection from the uploaded snapshot. */
    @Override
    public void createDatabase(Target destination, String collection, Connector connector) {
    }

    @Override
    public void dropDatabase(Target destination, String collection, Connector connector) throws IOException {
        QdrantClient client = client(destination);
        if (client.collection(collection).isPresent()) {
            client.deleteCollection(collection);
        }
    }

    @Override
    public void renameDatabase(Target destination, String from, String to, Connector connector) throws IOException {
        throw new IOException(replaceRefusal().orElseThrow());
    }

    @Override
    public void restore(RestoreRequest request) throws IOException {
        try (InputStream decoded = request.source().open()) {
            TarArchiveInputStream tar = new TarArchiveInputStream(decoded);
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (entry.getName().endsWith(SnapshotArchive.SUFFIX)) {
                    client(request.destination()).upload(request.database(), new Counting(tar, request.progress()));
                    return;
                }
            }
            throw new IOException("the artifact holds no snapshot");
        }
    }

    @Override
    public Fingerprint fingerprint(Target destination, String collection, Connector connector) throws IOException {
        QdrantClient.Collection c = client(destination).collection(collection)
                .orElseThrow(() -> new IOException("Qdrant has no collection " + collection + " after the restore"));
        return new Fingerprint(List.of(SnapshotArchive.table(SnapshotArchive.ONE_COLLECTION, c.points(), c.vectors())));
    }

    private static QdrantClient client(Target target) throws IOException {
        return new QdrantClient(QdrantEngine.settings(target));
    }

    /** Counts the snapshot bytes sent, for the job's progress; the tar stays open for the caller. */
    private static final class Counting extends FilterInputStream {

        private final AtomicLong progress;

        Counting(InputStream in, AtomicLong progress) {
            super(in);
            this.progress = progress;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                progress.addAndGet(n);
            }
            return n;
        }

        @Override
        public void close() {
        }
    }
}
