package io.backuphub.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What every store promises, run against each implementation (local now; GCS and S3 extend this
 * class with their own {@link #store()}): nothing is visible before commit, abort leaves nothing,
 * keys cannot escape, listing never shows partial writes, a missing object is reported as missing.
 */
public abstract class StoreContract {

    protected abstract ArtifactStore store() throws IOException;

    /** How many temporary (uncommitted) objects the store holds right now. */
    protected abstract int temporaryObjects() throws IOException;

    @Test
    void committedObjectIsReadableListedAndStatted() throws IOException {
        ArtifactStore store = store();
        byte[] data = randomBytes(3 * 1024 * 1024 + 17);
        String key = "prod/orders/2026/11/28/orders-20261128T020000Z-01j.pgdump.zst";
        String checksumAtCommit;
        try (ObjectWriter writer = store.create(key)) {
            try (OutputStream out = writer.stream()) {
                out.write(data);
            }
            assertThat(store.stat(key)).as("visible before commit").isEmpty();
            assertThat(store.list("prod/")).isEmpty();
            StoredObject stored = writer.commit();
            assertThat(stored.size()).isEqualTo(data.length);
            checksumAtCommit = stored.checksum();
        }
        assertThat(store.open(key).readAllBytes()).isEqualTo(data);
        assertThat(store.stat(key)).get().extracting(StoredObject::size).isEqualTo((long) data.length);
        assertThat(store.stat(key)).as("the store reports the checksum it reported at commit").get()
                .extracting(StoredObject::checksum).isEqualTo(checksumAtCommit);
        assertThat(store.list("prod/orders/")).extracting(StoredObject::key).containsExactly(key);
        assertThat(store.list("staging/")).isEmpty();
        assertThat(temporaryObjects()).isZero();

        store.delete(key);
        assertThat(store.stat(key)).isEmpty();
        store.delete(key); // deleting twice is fine
    }

    @Test
    void abortedWriteLeavesNothing() throws IOException {
        ArtifactStore store = store();
        String key = "prod/orders/2026/11/28/aborted.pgdump.zst";
        ObjectWriter writer = store.create(key);
        writer.stream().write("half a backup".getBytes(StandardCharsets.UTF_8));
        writer.abort();
        writer.abort();
        assertThat(store.stat(key)).isEmpty();
        assertThat(store.list("")).isEmpty();
        assertThat(temporaryObjects()).isZero();
    }

    @Test
    void closingWithoutCommitAborts() throws IOException {
        ArtifactStore store = store();
        try (ObjectWriter writer = store.create("prod/x/never.bin")) {
            writer.stream().write(1);
        }
        assertThat(store.list("")).isEmpty();
        assertThat(temporaryObjects()).isZero();
    }

    @Test
    void keysCannotEscapeTheStore() throws IOException {
        ArtifactStore store = store();
        for (String key : new String[]{"../etc/passwd", "/etc/passwd", "prod/../../x", "prod//x", "prod/./x", "a b", "",
                "x/.."}) {
            assertThatThrownBy(() -> store.create(key)).as(key).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.open(key)).as(key).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void openingAMissingObjectSaysItIsMissing() throws IOException {
        ArtifactStore store = store();
        assertThatThrownBy(() -> store.open("prod/orders/2026/11/28/gone.pgdump.zst"))
                .isInstanceOf(MissingObjectException.class)
                .hasMessage("object missing from store: prod/orders/2026/11/28/gone.pgdump.zst");
    }

    @Test
    void storeIsWritable() throws IOException {
        store().checkWritable();
        assertThat(temporaryObjects()).isZero();
    }

    protected static byte[] randomBytes(int size) {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        return data;
    }
}
