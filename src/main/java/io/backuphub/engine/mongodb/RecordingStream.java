package io.backuphub.engine.mongodb;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;

/**
 * Keeps a copy of the first bytes read through it (up to a limit): an archive's collection list is
 * read from what streamed past, or read first and then replayed with the rest.
 */
final class RecordingStream extends FilterInputStream {

    private final ByteArrayOutputStream recorded = new ByteArrayOutputStream();
    private final int limit;

    RecordingStream(InputStream in, int limit) {
        super(in);
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0 && recorded.size() < limit) {
            recorded.write(b);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0 && recorded.size() < limit) {
            recorded.write(b, off, Math.min(n, limit - recorded.size()));
        }
        return n;
    }

    byte[] recorded() {
        return recorded.toByteArray();
    }

    /** What was read so far, then the rest of the stream; only whole while under the limit. */
    InputStream replayed() throws IOException {
        if (recorded.size() >= limit) {
            throw new IOException("more than " + limit + " bytes were read ahead");
        }
        return new SequenceInputStream(new ByteArrayInputStream(recorded.toByteArray()), in);
    }
}
