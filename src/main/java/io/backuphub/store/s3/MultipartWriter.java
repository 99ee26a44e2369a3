package io.backuphub.store.s3;

import io.backuphub.store.ObjectWriter;
import io.backuphub.store.StoredObject;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.StorageClass;

/**
 * One object written as a multipart upload: bytes fill a buffer of exactly {@code partSize}, each full
 * buffer is sent as a part with its Content-MD5 (S3 refuses a part whose bytes do not match it), and
 * the upload completes on commit. Every part but the last has the same size (R2 requires it). Until
 * commit nothing is visible under the key; abort (or close without commit) aborts the upload.
 */
final class MultipartWriter implements ObjectWriter {

    private final S3Client s3;
    private final String bucket;
    private final String key;
    private final String name;
    private final String uploadId;
    private final byte[] part;
    private final List<CompletedPart> parts = new ArrayList<>();
    private final PartStream stream = new PartStream();
    private int filled;
    private long size;
    private boolean closed;
    private boolean committed;
    private boolean aborted;

    private MultipartWriter(S3Client s3, String bucket, String key, String name, String uploadId, int partSize) {
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
        this.name = name;
        this.uploadId = uploadId;
        this.part = new byte[partSize];
    }

    static MultipartWriter start(S3Client s3, S3Settings settings, String key, String name) throws IOException {
        long partSize = settings.partSizeOrDefault();
        if (partSize < S3Settings.MIN_PART_SIZE || partSize > Integer.MAX_VALUE - 8) {
            throw new IOException("S3 partSize must be between 5 MiB and 2 GiB, not " + partSize);
        }
        try {
            String uploadId = s3.createMultipartUpload(b -> {
                b.bucket(settings.bucket()).key(name).contentType("application/octet-stream");
                if (settings.storageClass() != null) {
                    b.storageClass(StorageClass.fromValue(settings.storageClass()));
                }
            }).uploadId();
            return new MultipartWriter(s3, settings.bucket(), key, name, uploadId, (int) partSize);
        } catch (SdkException e) {
            throw S3Store.failure("start writing " + key, e);
        }
    }

    @Override
    public OutputStream stream() {
        return stream;
    }

    private void sendPart() throws IOException {
        int number = parts.size() + 1;
        String md5;
        try {
            MessageDigest digest = MessageDigest.getInstance("MD5");
            digest.update(part, 0, filled);
            md5 = Base64.getEncoder().encodeToString(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no MD5", e);
        }
        try {
            String etag = s3.uploadPart(b -> b.bucket(bucket).key(name).uploadId(uploadId).partNumber(number)
                    .contentLength((long) filled).contentMD5(md5), RequestBody.fromBytes(
                            filled == part.length ? part : java.util.Arrays.copyOf(part, filled)))
                    .eTag();
            parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            size += filled;
            filled = 0;
        } catch (SdkException e) {
            throw S3Store.failure("upload part " + number + " of " + key, e);
        }
    }

    @Override
    public StoredObject commit() throws IOException {
        if (!closed) {
            throw new IllegalStateException("close the stream before commit");
        }
        try {
            s3.completeMultipartUpload(b -> b.bucket(bucket).key(name).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)));
            committed = true;
            var head = s3.headObject(b -> b.bucket(bucket).key(name));
            if (head.contentLength() != size) {
                throw new IOException("S3 stored " + head.contentLength() + " bytes for " + key + ", the hub sent "
                        + size);
            }
            return new StoredObject(key, size, head.lastModified(), S3Store.etag(head.eTag()));
        } catch (SdkException e) {
            abort();
            throw S3Store.failure("complete " + key, e);
        }
    }

    @Override
    public boolean abort() {
        if (committed || aborted) {
            return true;
        }
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(name).uploadId(uploadId));
            aborted = true;
            return true;
        } catch (SdkException e) {
            return false; // the sweep of abandoned writes aborts it (removePartialWrites)
        }
    }

    @Override
    public void close() {
        if (!committed) {
            abort();
        }
    }

    /** Fills the part buffer; a full buffer goes out as a part, the last one on close. */
    private final class PartStream extends OutputStream {

        @Override
        public void write(int b) throws IOException {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (closed || aborted) {
                throw new IOException("the write of " + key + " is " + (aborted ? "aborted" : "closed"));
            }
            while (len > 0) {
                int n = Math.min(len, part.length - filled);
                System.arraycopy(b, off, part, filled, n);
                filled += n;
                off += n;
                len -= n;
                if (filled == part.length) {
                    sendPart();
                }
            }
        }

        /** Sends what is left as the last part (an empty object is one empty part). */
        @Override
        public void close() throws IOException {
            if (closed || aborted) {
                return;
            }
            if (filled > 0 || parts.isEmpty()) {
                sendPart();
            }
            closed = true;
        }
    }
}
