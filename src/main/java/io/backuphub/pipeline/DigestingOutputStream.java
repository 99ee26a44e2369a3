package io.backuphub.pipeline;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/** Counts and hashes (SHA-256) the bytes that reach the store; the count is readable while writing. */
final class DigestingOutputStream extends FilterOutputStream {

    private final MessageDigest digest;
    private final AtomicLong count;

    DigestingOutputStream(OutputStream out, AtomicLong count) {
        super(out);
        this.count = count;
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[]{(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        digest.update(b, off, len);
        count.addAndGet(len);
    }

    String sha256() {
        return HexFormat.of().formatHex(digest.digest());
    }
}
