package io.backuphub.pipeline;

import com.exceptionfactory.jagged.RecipientStanzaReader;
import com.exceptionfactory.jagged.framework.stream.StandardDecryptingChannelFactory;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import io.backuphub.target.Compression;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** The inverse of {@link BackupPipeline}: stored bytes -> age decrypt -> decompress -> the dump. */
public final class ArtifactDecoder {

    private ArtifactDecoder() {
    }

    /** @param identities age identities; required when the artifact is encrypted */
    public static InputStream decode(InputStream stored, Compression compression, boolean encrypted,
            List<RecipientStanzaReader> identities) throws IOException {
        InputStream in = new BufferedInputStream(stored, 256 * 1024);
        if (encrypted) {
            if (identities == null || identities.isEmpty()) {
                throw new IOException("the artifact is age-encrypted and no identity is configured to decrypt it");
            }
            try {
                in = Channels.newInputStream(new StandardDecryptingChannelFactory()
                        .newDecryptingChannel(Channels.newChannel(in), identities));
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot decrypt the artifact: " + e.getMessage(), e);
            }
        }
        InputStream decoded = switch (compression) {
            case ZSTD -> new ZstdInputStreamNoFinalizer(in);
            case GZIP -> new GZIPInputStream(in, 64 * 1024);
            case NONE -> in;
        };
        return new DrainingInputStream(decoded, stored);
    }

    /**
     * At the end of the decoded data, reads whatever is left of the stored stream, so wrappers that
     * check the whole object (size, checksum) always see its end, and trailing garbage is noticed.
     */
    private static final class DrainingInputStream extends FilterInputStream {

        private final InputStream stored;

        DrainingInputStream(InputStream decoded, InputStream stored) {
            super(decoded);
            this.stored = stored;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b < 0) {
                drain();
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n < 0) {
                drain();
            }
            return n;
        }

        private void drain() throws IOException {
            long rest = stored.transferTo(OutputStream.nullOutputStream());
            if (rest > 0) {
                throw new IOException(rest + " bytes follow the end of the compressed data in the stored object");
            }
        }
    }
}
