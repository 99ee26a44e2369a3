package io.backuphub.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.exceptionfactory.jagged.RecipientStanzaReader;
import io.backuphub.target.AgeKeys;
import io.backuphub.target.Compression;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Encode then decode gives back the dump, byte for byte, for every codec, with and without age.
 * A stuck pipeline (the writer thread and the caller waiting on each other) fails on the timeout.
 */
@Timeout(60)
class BackupPipelineTest {

    // A fixed test identity (generated with age-keygen for these tests only).
    static final String IDENTITY = "AGE-SECRET-KEY-1GFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPQ4EGAEX";

    private final BackupPipeline pipeline = new BackupPipeline();

    @ParameterizedTest
    @EnumSource(Compression.class)
    void roundTrip(Compression compression) throws Exception {
        byte[] dump = dump(5 * 1024 * 1024 + 3);
        Encoded encoded = encode(dump, new Encoding(compression, compression.defaultLevel(), List.of()));
        assertThat(encoded.result.dumpBytes()).isEqualTo(dump.length);
        assertThat(encoded.result.storedBytes()).isEqualTo(encoded.bytes.length);
        assertThat(encoded.result.sha256()).isEqualTo(sha256(encoded.bytes));
        assertThat(encoded.result.head()).hasSize(BackupPipeline.HEAD_BYTES).startsWith(dump[0], dump[1]);
        if (compression != Compression.NONE) {
            assertThat(encoded.bytes.length).isLessThan(dump.length);
        }
        assertThat(decode(encoded.bytes, compression, false, List.of())).isEqualTo(dump);
    }

    @Test
    void dumpsSmallerAndLargerThanTheBuffersThatCirculate() throws Exception {
        for (int size : new int[]{0, 1, BackupPipeline.STORE_BUFFER - 1, BackupPipeline.STORE_BUFFER,
                BackupPipeline.STORE_BUFFER * (BackupPipeline.STORE_QUEUE_DEPTH + 3) + 5}) {
            byte[] dump = dump(size);
            Encoded encoded = encode(dump, new Encoding(Compression.NONE, 0, List.of()));
            assertThat(encoded.bytes).as("size %d", size).isEqualTo(dump);
        }
    }

    @Test
    void ageEncryptedRoundTrip() throws Exception {
        List<RecipientStanzaReader> identity = AgeKeys.readers(IDENTITY);
        String recipient = recipientOf(IDENTITY);
        byte[] dump = dump(64 * 1024 * 3); // an exact multiple of age's chunk size
        Encoded encoded = encode(dump, new Encoding(Compression.NONE, 0, List.of(recipient)));
        assertThat(new String(encoded.bytes, 0, 21)).isEqualTo("age-encryption.org/v1");
        assertThat(decode(encoded.bytes, Compression.NONE, true, identity)).isEqualTo(dump);
    }

    @Test
    void failingStoreFailsTheEncode() {
        OutputStream broken = new OutputStream() {

            @Override
            public void write(int b) throws IOException {
                throw new IOException("No space left on device");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("No space left on device");
            }
        };
        assertThatThrownBy(() -> pipeline.encode(new ByteArrayInputStream(dump(8 * 1024 * 1024)),
                new Encoding(Compression.ZSTD, 3, List.of()), broken, new AtomicLong()))
                .isInstanceOf(IOException.class).hasMessageContaining("No space left");
    }

    @Test
    void truncatedArtifactFailsToDecode() throws Exception {
        byte[] dump = dump(2 * 1024 * 1024);
        Encoded encoded = encode(dump, new Encoding(Compression.ZSTD, 3, List.of()));
        byte[] truncated = java.util.Arrays.copyOf(encoded.bytes, encoded.bytes.length / 2);
        assertThatThrownBy(() -> decode(truncated, Compression.ZSTD, false, List.of())).isInstanceOf(IOException.class);
    }

    private record Encoded(EncodeResult result, byte[] bytes) {
    }

    private Encoded encode(byte[] dump, Encoding encoding) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        EncodeResult result = pipeline.encode(new ByteArrayInputStream(dump), encoding, sink, new AtomicLong());
        return new Encoded(result, sink.toByteArray());
    }

    private static byte[] decode(byte[] stored, Compression compression, boolean encrypted,
            List<RecipientStanzaReader> identities) throws IOException {
        try (InputStream in = ArtifactDecoder.decode(new ByteArrayInputStream(stored), compression, encrypted,
                identities)) {
            return in.readAllBytes();
        }
    }

    /** Half random bytes, half repetitive text: like a dump with binary and text columns. */
    static byte[] dump(int size) {
        byte[] data = new byte[size];
        Random random = new Random(42);
        for (int i = 0; i < size; i++) {
            data[i] = i % 2048 < 1024 ? (byte) random.nextInt() : (byte) ('a' + (i % 26));
        }
        return data;
    }

    static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    private static String recipientOf(String identity) throws Exception {
        Process p = new ProcessBuilder("age-keygen", "-y").start();
        p.getOutputStream().write((identity + "\n").getBytes());
        p.getOutputStream().close();
        String recipient = new String(p.getInputStream().readAllBytes()).trim();
        assertThat(p.waitFor()).isZero();
        return recipient;
    }
}
