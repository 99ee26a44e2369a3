package io.backuphub.store;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A declared store the hub could not set up (its credentials are missing, say): every use fails with
 * the reason, and so does the health check, so the hub starts and says what is wrong instead of not
 * starting at all.
 */
final class UnavailableStore implements ArtifactStore {

    private final String type;
    private final String reason;

    UnavailableStore(String type, String reason) {
        this.type = type;
        this.reason = reason;
    }

    private IOException unavailable() {
        return new IOException(reason);
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public ObjectWriter create(String key) throws IOException {
        throw unavailable();
    }

    @Override
    public InputStream open(String key) throws IOException {
        throw unavailable();
    }

    @Override
    public Optional<StoredObject> stat(String key) throws IOException {
        throw unavailable();
    }

    @Override
    public List<StoredObject> list(String prefix) throws IOException {
        throw unavailable();
    }

    @Override
    public void delete(String key) throws IOException {
        throw unavailable();
    }

    @Override
    public Optional<URI> downloadLink(String key, Duration validFor) throws IOException {
        throw unavailable();
    }

    @Override
    public void checkWritable() throws IOException {
        throw unavailable();
    }

    @Override
    public int removePartialWrites(java.util.Collection<String> keys) throws IOException {
        throw unavailable();
    }
}
