package io.backuphub.store.gcs;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.backuphub.common.ByteSize;
import io.backuphub.store.ObjectKeys;

/**
 * A Google Cloud Storage store as stores.yaml declares it: {@code bucket}, {@code prefix},
 * {@code projectId}, {@code credentialsFile} (a service account's JSON key; absent = the platform's
 * default credentials), {@code host} (an endpoint override: emulators, private endpoints; a plain
 * {@code http://} host is an emulator and gets no credentials), {@code chunkSize} (per resumable upload
 * request, a multiple of 256 KiB, in bytes or with a unit: {@code 32MiB}; default 16 MiB) and
 * {@code storageClass}.
 */
public record GcsSettings(String bucket, String prefix, String projectId, String credentialsFile, String host,
        @JsonDeserialize(using = ByteSize.Deserializer.class) Long chunkSize, String storageClass) {

    public static final int CHUNK_UNIT = 256 * 1024;
    public static final int DEFAULT_CHUNK_SIZE = 16 * 1024 * 1024;

    public int chunkSizeOrDefault() {
        return chunkSize == null ? DEFAULT_CHUNK_SIZE : Math.toIntExact(chunkSize);
    }

    /** The prefix as a folder ("backups/"), or "" for the bucket's root. */
    public String folder() {
        return ObjectKeys.folder(prefix);
    }
}
