package io.backuphub.store.gcs;

import com.google.auth.Credentials;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.NoCredentials;
import com.google.cloud.ReadChannel;
import com.google.cloud.WriteChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageClass;
import com.google.cloud.storage.StorageException;
import com.google.cloud.storage.StorageOptions;
import io.backuphub.store.ArtifactStore;
import io.backuphub.store.MinimumStorage;
import io.backuphub.store.MissingObjectException;
import io.backuphub.store.ObjectKeys;
import io.backuphub.store.ObjectWriter;
import io.backuphub.store.StoredObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

/**
 * A store in a Google Cloud Storage bucket. A write is a resumable upload through the client's write
 * channel, in chunks of {@code chunkSize} (memory per write: one chunk); the object appears under its
 * key only when the upload is finalized at commit, after which the CRC32C GCS computed must equal the
 * one the hub computed while streaming. An aborted write is never finalized: nothing appears, and GCS
 * forgets the unfinished upload after a week. Download links are V4 signed URLs when the credentials
 * can sign (a service account); otherwise downloads stream through the hub.
 */
public final class GcsStore implements ArtifactStore {

    static final Duration MAX_LINK = Duration.ofDays(7);
    private static final String WRITE_CHECK = HUB_FOLDER + "write-check";

    private final GcsSettings settings;
    private final Storage storage;

    public GcsStore(GcsSettings settings) throws IOException {
        this.settings = settings;
        StorageOptions.Builder options = StorageOptions.newBuilder().setCredentials(credentials(settings));
        if (settings.projectId() != null) {
            options.setProjectId(settings.projectId());
        }
        if (settings.host() != null) {
            options.setHost(settings.host());
        }
        this.storage = options.build().getService();
    }

    private static Credentials credentials(GcsSettings settings) throws IOException {
        if (settings.credentialsFile() != null) {
            try (InputStream in = Files.newInputStream(Path.of(settings.credentialsFile()))) {
                return GoogleCredentials.fromStream(in)
                        .createScoped("https://www.googleapis.com/auth/devstorage.read_write");
            }
        }
        if (settings.host() != null && settings.host().startsWith("http://")) {
            return NoCredentials.getInstance(); // an emulator on plain HTTP
        }
        return GoogleCredentials.getApplicationDefault();
    }

    @Override
    public String type() {
        return "gcs";
    }

    private BlobId blob(String key) {
        return BlobId.of(settings.bucket(), settings.folder() + ObjectKeys.requireSafe(key));
    }

    @Override
    public ObjectWriter create(String key) throws IOException {
        BlobInfo.Builder info = BlobInfo.newBuilder(blob(key)).setContentType("application/octet-stream");
        if (settings.storageClass() != null) {
            info.setStorageClass(StorageClass.valueOf(settings.storageClass()));
        }
        try {
            WriteChannel channel = storage.writer(info.build(), Storage.BlobWriteOption.doesNotExist());
            channel.setChunkSize(settings.chunkSizeOrDefault());
            return new ResumableWriter(key, channel);
        } catch (StorageException e) {
            throw failure("start writing " + key, e);
        }
    }

    @Override
    public InputStream open(String key) throws IOException {
        BlobId id = blob(key);
        try {
            if (storage.get(id) == null) {
                throw new MissingObjectException(key);
            }
            ReadChannel reader = storage.reader(id);
            reader.setChunkSize(2 * 1024 * 1024);
            return Channels.newInputStream(reader);
        } catch (StorageException e) {
            throw failure("read " + key, e);
        }
    }

    @Override
    public Optional<StoredObject> stat(String key) throws IOException {
        try {
            Blob blob = storage.get(blob(key));
            return blob == null ? Optional.empty() : Optional.of(stored(key, blob));
        } catch (StorageException e) {
            throw failure("stat " + key, e);
        }
    }

    private static StoredObject stored(String key, Blob blob) {
        Instant modified = blob.getUpdateTimeOffsetDateTime() != null
                ? blob.getUpdateTimeOffsetDateTime().toInstant() : Instant.EPOCH;
        return new StoredObject(key, blob.getSize(), modified,
                blob.getCrc32c() == null ? null : "crc32c:" + blob.getCrc32c());
    }

    @Override
    public List<StoredObject> list(String prefix) throws IOException {
        String folder = settings.folder();
        List<StoredObject> objects = new ArrayList<>();
        try {
            for (Blob blob : storage.list(settings.bucket(), Storage.BlobListOption.prefix(folder + prefix))
                    .iterateAll()) {
                String key = blob.getName().substring(folder.length());
                if (!key.startsWith(HUB_FOLDER)) {
                    objects.add(stored(key, blob));
                }
            }
            return objects;
        } catch (StorageException e) {
            throw failure("list " + prefix, e);
        }
    }

    @Override
    public void delete(String key) throws IOException {
        try {
            storage.delete(blob(key));
        } catch (StorageException e) {
            throw failure("delete " + key, e);
        }
    }

    @Override
    public Optional<URI> downloadLink(String key, Duration validFor) throws IOException {
        if (storage.getOptions().getCredentials() instanceof NoCredentials) {
            return Optional.empty();
        }
        Duration duration = validFor.compareTo(MAX_LINK) > 0 ? MAX_LINK : validFor;
        try {
            return Optional.of(storage.signUrl(BlobInfo.newBuilder(blob(key)).build(), duration.toSeconds(),
                    TimeUnit.SECONDS, Storage.SignUrlOption.withV4Signature()).toURI());
        } catch (IllegalStateException | StorageException e) {
            return Optional.empty(); // credentials that cannot sign: the hub streams the download
        } catch (java.net.URISyntaxException e) {
            throw new IOException("GCS signed an unusable link for " + key, e);
        }
    }

    /** Writes a small object the way backups are written (a resumable upload), and deletes it. */
    @Override
    public void checkWritable() throws IOException {
        BlobId id = BlobId.of(settings.bucket(), settings.folder() + WRITE_CHECK);
        try (WriteChannel channel = storage.writer(BlobInfo.newBuilder(id).setContentType("text/plain").build())) {
            channel.write(ByteBuffer.wrap(Instant.now().toString().getBytes(StandardCharsets.UTF_8)));
        } catch (StorageException e) {
            throw failure("write to bucket " + settings.bucket(), e);
        }
        try {
            storage.delete(id);
        } catch (StorageException e) {
            throw failure("delete from bucket " + settings.bucket(), e);
        }
    }

    /**
     * Nearline 30 days, Coldline 90, Archive 365: the storage class the store writes with (a bucket's
     * default class is not known to the hub, so name the class in the store to have it counted).
     */
    @Override
    public Optional<MinimumStorage> minimumStorage() {
        return MinimumStorage.of(settings.storageClass(), Map.of("NEARLINE", 30, "COLDLINE", 90, "ARCHIVE", 365));
    }

    /** A temporary hold: GCS refuses to delete or replace the object until it is released. */
    @Override
    public void hold(String key, boolean held) throws IOException {
        try {
            if (storage.update(BlobInfo.newBuilder(blob(key)).setTemporaryHold(held).build()) == null) {
                throw new MissingObjectException(key);
            }
        } catch (StorageException e) {
            if (e.getCode() == 404) {
                throw new MissingObjectException(key);
            }
            throw failure((held ? "hold " : "release the hold on ") + key, e);
        }
    }

    /** Unfinished resumable uploads are invisible and expire at GCS after a week: nothing to remove. */
    @Override
    public int removePartialWrites(Collection<String> keys) {
        return 0;
    }

    static IOException failure(String what, StorageException e) {
        return new IOException("GCS: cannot " + what + ": " + (e.getCode() > 0 ? "HTTP " + e.getCode() + ": " : "")
                + e.getMessage(), e);
    }

    /** A resumable upload: finalized (made visible) by commit only; the CRC32C is checked after. */
    private final class ResumableWriter implements ObjectWriter {

        private final String key;
        private final WriteChannel channel;
        private final CRC32C crc = new CRC32C();
        private long size;
        private boolean closed;
        private boolean done;

        ResumableWriter(String key, WriteChannel channel) {
            this.key = key;
            this.channel = channel;
        }

        private final OutputStream stream = new OutputStream() {

            @Override
            public void write(int b) throws IOException {
                write(new byte[]{(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (closed || done) {
                    throw new IOException("the write of " + key + " is over");
                }
                crc.update(b, off, len);
                ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
                try {
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                } catch (StorageException e) {
                    throw failure("upload " + key, e);
                }
                size += len;
            }

            /** Closing the stream does not finalize the upload: commit does. */
            @Override
            public void close() {
                closed = true;
            }
        };

        @Override
        public OutputStream stream() {
            return stream;
        }

        @Override
        public StoredObject commit() throws IOException {
            if (!closed) {
                throw new IllegalStateException("close the stream before commit");
            }
            done = true;
            try {
                channel.close();
            } catch (StorageException | IOException e) {
                throw new IOException("GCS: cannot complete " + key + ": " + e.getMessage(), e);
            }
            Blob blob = storage.get(blob(key));
            String expected = Base64.getEncoder().encodeToString(ByteBuffer.allocate(4)
                    .putInt((int) crc.getValue()).array());
            if (blob == null || blob.getSize() != size || !expected.equals(blob.getCrc32c())) {
                String found = blob == null ? "no object" : blob.getSize() + " bytes, CRC32C " + blob.getCrc32c();
                if (blob != null) {
                    storage.delete(blob.getBlobId());
                }
                throw new IOException("GCS stored " + found + " for " + key + "; the hub sent " + size
                        + " bytes, CRC32C " + expected + ": the object was removed");
            }
            return stored(key, blob);
        }

        /** Leaves the upload unfinished: GCS never shows it, and forgets it. */
        @Override
        public boolean abort() {
            done = true;
            return true;
        }

        @Override
        public void close() {
            done = true;
        }
    }
}
