package io.backuphub.store.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import io.backuphub.store.ArtifactStore;
import io.backuphub.store.ObjectWriter;
import io.backuphub.store.StoreContract;
import io.backuphub.testing.GcsEmulator;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The store contract against the Cloud Storage emulator of firebase-tools (the GCS JSON API over
 * HTTP): resumable uploads finalized only at commit, the CRC32C GCS reports checked, unfinished
 * uploads never listed. The emulator finalizes a multi-chunk resumable upload after its first chunk
 * (an upstream bug), so the chunk size here exceeds every object written.
 */
class GcsStoreTest extends StoreContract {

    private static GcsEmulator emulator;
    private String bucket;

    @BeforeAll
    static void emulator() throws IOException {
        emulator = GcsEmulator.shared();
    }

    @BeforeEach
    void freshBucket() {
        bucket = "hub-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Override
    protected ArtifactStore store() throws IOException {
        return new GcsStore(new GcsSettings(bucket, "backups/", GcsEmulator.PROJECT, null, emulator.host(),
                8L * 1024 * 1024, null));
    }

    /** An unfinished resumable upload is not an object: there is nothing to count but what is listed. */
    @Override
    protected int temporaryObjects() throws IOException {
        return 0;
    }

    @Test
    void anAbortedUploadNeverAppearsUnderItsKey() throws IOException {
        ArtifactStore store = store();
        ObjectWriter writer = store.create("prod/x/a.bin");
        try (OutputStream out = writer.stream()) {
            out.write(randomBytes(1024 * 1024));
        }
        writer.abort();
        assertThat(store.stat("prod/x/a.bin")).isEmpty();
        assertThat(store.list("")).isEmpty();
    }

    @Test
    void withoutSigningCredentialsDownloadsStreamThroughTheHub() throws IOException {
        assertThat(store().downloadLink("prod/x/a.bin", Duration.ofMinutes(15))).isEmpty();
    }
}
