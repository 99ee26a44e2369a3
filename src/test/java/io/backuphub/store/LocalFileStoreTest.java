package io.backuphub.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalFileStoreTest extends StoreContract {

    @TempDir Path root;

    @Override
    protected ArtifactStore store() {
        return new LocalFileStore(root, 0);
    }

    @Override
    protected int temporaryObjects() throws IOException {
        Path partial = root.resolve(LocalFileStore.PARTIAL_DIR);
        if (!Files.exists(partial)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(partial)) {
            return (int) files.count();
        }
    }

    @Test
    void writesStopBeforeTheReserveIsReached() throws IOException {
        long free = Files.getFileStore(root).getUsableSpace();
        LocalFileStore store = new LocalFileStore(root, free + 1024L * 1024 * 1024);
        ObjectWriter writer = store.create("prod/orders/big.bin");
        assertThatThrownBy(() -> {
            try (OutputStream out = writer.stream()) {
                out.write(new byte[64 * 1024]);
            }
        }).isInstanceOf(StoreFullException.class).hasMessageContaining("is full").hasMessageContaining("reserve");
        writer.abort();
        assertThat(temporaryObjects()).isZero();
        assertThatThrownBy(store::checkWritable).isInstanceOf(StoreFullException.class);
    }

    @Test
    void deleteRemovesEmptiedFoldersButNotTheRoot() throws IOException {
        LocalFileStore store = new LocalFileStore(root, 0);
        try (ObjectWriter writer = store.create("prod/orders/2026/11/28/a.bin")) {
            writer.stream().write(1);
            writer.commit();
        }
        store.delete("prod/orders/2026/11/28/a.bin");
        assertThat(root.resolve("prod")).doesNotExist();
        assertThat(root).exists();
    }

    /**
     * The partial writes of keys the hub abandoned are removed, and only theirs: another writer's
     * partial write in the same folder (another hub sharing the store) stays, whatever its age.
     */
    @Test
    void onlyThePartialWritesOfTheNamedKeysAreRemoved() throws IOException {
        LocalFileStore store = new LocalFileStore(root, 0);
        ObjectWriter crashed = store.create("prod/orders/x.bin");
        crashed.stream().write(new byte[10]);
        ObjectWriter another = new LocalFileStore(root, 0).create("prod/orders/other-hub.bin");
        another.stream().write(new byte[10]);
        Path partial = root.resolve(LocalFileStore.PARTIAL_DIR);
        try (Stream<Path> files = Files.list(partial)) {
            files.forEach(f -> {
                try {
                    Files.setLastModifiedTime(f, FileTime.from(Instant.now().minus(Duration.ofDays(30))));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        assertThat(temporaryObjects()).isEqualTo(2);
        assertThat(store.removePartialWrites(List.of("prod/orders/unrelated.bin"))).isZero();
        assertThat(new LocalFileStore(root, 0).removePartialWrites(List.of("prod/orders/x.bin"))).isEqualTo(1);
        assertThat(temporaryObjects()).isEqualTo(1);
        another.abort();
        assertThat(temporaryObjects()).isZero();
    }
}
