package io.backuphub.pipeline;

import com.exceptionfactory.jagged.framework.stream.StandardEncryptingChannelFactory;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import io.backuphub.target.AgeKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;

/**
 * The streaming heart of a backup: dump bytes -> compress -> encrypt (age) -> SHA-256 -> store.
 * Memory is a handful of fixed buffers whatever the dump's size.
 */
@ApplicationScoped
@Named("backupPipeline")
public class BackupPipeline {

    static final int READ_BUFFER = 256 * 1024;
    static final int STORE_BUFFER = 1024 * 1024;
    static final int STORE_QUEUE_DEPTH = 4;
    static final int HEAD_BYTES = 8192;

    /**
     * Streams {@code dump} into {@code sink} (closed on success). {@code storedSoFar} is updated as
     * bytes reach the store, for progress reports. On failure the sink is left for the caller to discard.
     */
    public EncodeResult encode(InputStream dump, Encoding encoding, OutputStream sink, AtomicLong storedSoFar)
            throws IOException {
        AsyncOutputStream async = null;
        try {
            DigestingOutputStream digesting = new DigestingOutputStream(sink, storedSoFar);
            async = new AsyncOutputStream(digesting, STORE_BUFFER, STORE_QUEUE_DEPTH);
            OutputStream encoded = compressor(encoding, encryptor(encoding, async));

            byte[] buffer = new byte[READ_BUFFER];
            byte[] head = new byte[HEAD_BYTES];
            int headLength = 0;
            long dumpBytes = 0;
            int n;
            while ((n = dump.read(buffer)) >= 0) {
                if (headLength < HEAD_BYTES) {
                    int take = Math.min(n, HEAD_BYTES - headLength);
                    System.arraycopy(buffer, 0, head, headLength, take);
                    headLength += take;
                }
                encoded.write(buffer, 0, n);
                dumpBytes += n;
            }
            encoded.close(); // closes the chain down to the sink, waiting for the writer thread
            return new EncodeResult(dumpBytes, storedSoFar.get(), digesting.sha256(), Arrays.copyOf(head, headLength));
        } catch (IOException | RuntimeException e) {
            if (async != null) {
                async.abort();
            }
            throw e;
        }
    }

    private static OutputStream encryptor(Encoding encoding, OutputStream out) throws IOException {
        if (!encoding.encrypted()) {
            return out;
        }
        try {
            return Channels.newOutputStream(new StandardEncryptingChannelFactory()
                    .newEncryptingChannel(Channels.newChannel(out), AgeKeys.writers(encoding.ageRecipients())));
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up age encryption: " + e.getMessage(), e);
        }
    }

    private static OutputStream compressor(Encoding encoding, OutputStream out) throws IOException {
        return switch (encoding.compression()) {
            case ZSTD -> new ZstdOutputStreamNoFinalizer(out, encoding.level());
            case GZIP -> new LeveledGzipOutputStream(out, encoding.level());
            case NONE -> out;
        };
    }

    private static final class LeveledGzipOutputStream extends GZIPOutputStream {

        LeveledGzipOutputStream(OutputStream out, int level) throws IOException {
            super(out, 64 * 1024);
            def.setLevel(level);
        }

        @Override
        public void close() throws IOException {
            try {
                super.close();
            } finally {
                def.end();
            }
        }
    }
}
