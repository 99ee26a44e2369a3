package io.backuphub.store.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import io.backuphub.store.ArtifactStore;
import io.backuphub.store.ObjectWriter;
import io.backuphub.store.StoreContract;
import java.io.IOException;
import java.io.OutputStream;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The store contract against a real bucket, when one is given: HUB_TEST_GCS_BUCKET (and the platform's
 * default credentials, or GOOGLE_APPLICATION_CREDENTIALS). Several chunks per upload (the emulator
 * cannot), V4-signed links, and temporary holds, which only real GCS enforces. Skipped, and reported
 * as skipped, without a bucket.
 */
@EnabledIfEnvironmentVariable(named = "HUB_TEST_GCS_BUCKET", matches = ".+", disabledReason = "set HUB_TEST_GCS_BUCKET (and credentials) to run the store contract on real GCS")
class RealGcsStoreTest extends StoreContract {

    private final String prefix = "backup-hub-test/" + UUID.randomUUID() + "/";

    @Override
    protected ArtifactStore store() throws IOException {
        // 256 KiB chunks: the contract's 3 MiB object goes up in twelve requests of one resumable upload.
        return new GcsStore(new GcsSettings(System.getenv("HUB_TEST_GCS_BUCKET"), prefix, null, null, null,
                256L * 1024, null));
    }

    @Override
    protected int temporaryObjects() {
        return 0; // an unfinished resumable upload is not an object
    }

    @Test
    void aHeldObjectCannotBeDeletedUntilReleased() throws IOException {
        ArtifactStore store = store();
        try (ObjectWriter writer = store.create("prod/held.bin")) {
            try (OutputStream out = writer.stream()) {
                out.write(randomBytes(1024));
            }
            writer.commit();
        }
        store.hold("prod/held.bin", true);
        Storage storage = StorageOptions.getDefaultInstance().getService();
        BlobId id = BlobId.of(System.getenv("HUB_TEST_GCS_BUCKET"), prefix + "prod/held.bin");
        assertThat(storage.get(id).getTemporaryHold()).isTrue();
        assertThatThrownBy(() -> store.delete("prod/held.bin")).isInstanceOf(IOException.class);
        store.hold("prod/held.bin", false);
        store.delete("prod/held.bin");
        assertThat(store.stat("prod/held.bin")).isEmpty();
    }
}
