package io.backuphub.engine.mongodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backuphub.testing.MongoServers;
import io.backuphub.testing.Processes;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The archive reader on real mongodump output: whole archives read, every kind of damage is caught. */
class MongoArchiveTest {

    private static MongoServers server;
    private static byte[] archive;

    @BeforeAll
    static void dump() throws IOException {
        server = MongoServers.start();
        server.seedSource();
        Path file = Files.createTempFile("shop-", ".archive");
        Processes.run(List.of("sh", "-c", "mongodump --host=127.0.0.1 --port=$1 --db=shop --archive > \"$2\"", "sh",
                String.valueOf(server.port()), file.toString()));
        archive = Files.readAllBytes(file);
        Files.delete(file);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aWholeArchiveIsReadWithEveryCollection() throws IOException {
        MongoArchive.Contents contents = MongoArchive.read(new ByteArrayInputStream(archive));
        assertThat(contents.documents()).isEqualTo(2001);
        assertThat(contents.bytes()).isEqualTo(archive.length);
        assertThat(contents.prelude().databases()).containsExactly("shop");
        assertThat(contents.prelude().toolVersion()).isEqualTo("100.8.0");
        assertThat(contents.fingerprint().tables()).extracting(t -> t.name() + " " + t.rows())
                .containsExactly("empty_one 0", "orders 2000", "people 1");
    }

    @Test
    void anArchiveCutAnywhereIsTruncated() {
        for (int length = 0; length < archive.length; length += Math.max(1, archive.length / 97)) {
            byte[] cut = Arrays.copyOf(archive, length);
            assertThatThrownBy(() -> MongoArchive.read(new ByteArrayInputStream(cut))).as("cut at %d", length)
                    .isInstanceOf(IOException.class)
                    .hasMessageMatching("(?s).*(truncated|not a mongodump archive|not a valid mongodump archive).*");
        }
    }

    @Test
    void aChangedDocumentFailsItsChecksum() {
        byte[] damaged = archive.clone();
        int middle = archive.length / 2;
        damaged[middle] ^= 0x01;
        assertThatThrownBy(() -> MongoArchive.read(new ByteArrayInputStream(damaged)))
                .isInstanceOf(IOException.class);
        byte[] otherMagic = archive.clone();
        otherMagic[0] = 0;
        assertThatThrownBy(() -> MongoArchive.read(new ByteArrayInputStream(otherMagic)))
                .hasMessageContaining("not a mongodump archive: magic number");
    }

    @Test
    void aChangedValueInADocumentIsCaughtByTheCrcAlone() {
        // The first document of orders: change one byte of a string value, keeping every length intact.
        byte[] damaged = archive.clone();
        int at = indexOf(archive, "quote".getBytes());
        damaged[at] = 'Q';
        assertThatThrownBy(() -> MongoArchive.read(new ByteArrayInputStream(damaged)))
                .hasMessageContaining("do not match their checksum");
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer : for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
