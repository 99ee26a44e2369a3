package io.backuphub.pipeline;

import io.backuphub.common.WarmUp;
import io.backuphub.target.Compression;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Encodes 32 MiB of generated dump (half random, half text) through the backup pipeline (zstd,
 * hand-off to the writer thread, SHA-256) and reads it back as verification does (SHA-256 checked,
 * zstd decoded). Nothing is stored.
 */
@ApplicationScoped
class PipelineWarmUp implements WarmUp {

    private static final int DUMP_BYTES = 8 * 1024 * 1024;
    private static final int ROUNDS = 4;

    @Inject BackupPipeline pipeline;

    @Override
    public void run() throws IOException {
        byte[] dump = generatedDump();
        Encoding encoding = new Encoding(Compression.ZSTD, Compression.ZSTD.defaultLevel(), List.of());
        ByteArrayOutputStream stored = new ByteArrayOutputStream();
        EncodeResult result = null;
        for (int i = 0; i < ROUNDS; i++) {
            OutputStream sink = i == 0 ? stored : OutputStream.nullOutputStream();
            result = pipeline.encode(new ByteArrayInputStream(dump), encoding, sink, new AtomicLong());
        }
        byte[] storedBytes = stored.toByteArray();
        for (int i = 0; i < ROUNDS; i++) {
            InputStream stream = new ChecksumInputStream(new ByteArrayInputStream(storedBytes),
                    result.sha256(), result.storedBytes());
            try (InputStream decoded = ArtifactDecoder.decode(stream, Compression.ZSTD, false, null)) {
                decoded.transferTo(OutputStream.nullOutputStream());
            }
        }
    }

    private static byte[] generatedDump() {
        byte[] dump = new byte[DUMP_BYTES];
        SplittableRandom random = new SplittableRandom();
        for (int i = 0; i < DUMP_BYTES / 2; i++) {
            dump[i] = (byte) ('A' + random.nextInt(64));
        }
        byte[] text = "order 42 shipped to customer 7; ".getBytes(StandardCharsets.US_ASCII);
        for (int i = DUMP_BYTES / 2; i < DUMP_BYTES; i++) {
            dump[i] = text[i % text.length];
        }
        return dump;
    }
}
