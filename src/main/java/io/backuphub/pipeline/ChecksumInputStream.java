package io.backuphub.pipeline;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Reads a stored object and, at its end, checks size and SHA-256 against the manifest: a bit flipped
 * in storage fails verification even where the codec would not notice.
 */
public final class ChecksumInputStream extends FilterInputStream {

    private final MessageDigest digest;
    private final String expectedSha256;
    private final long expectedBytes;
    private long read;
    private boolean checked;

    public ChecksumInputStream(InputStream in, String expectedSha256, long expectedBytes) {
        super(in);
        this.expectedSha256 = expectedSha256;
        this.expectedBytes = expectedBytes;
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            digest.update(b, off, n);
            read += n;
        } else if (n < 0 && !checked) {
            checked = true;
            if (read != expectedBytes) {
                throw new IOException("stored object has " + read + " bytes, the manifest says " + expectedBytes);
            }
            String actual = HexFormat.of().formatHex(digest.digest());
            if (!actual.equals(expectedSha256)) {
                throw new IOException("stored object's SHA-256 is " + actual + ", the manifest says " + expectedSha256);
            }
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buf = new byte[8192];
        long skipped = 0;
        while (skipped < n) {
            int r = read(buf, 0, (int) Math.min(buf.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
