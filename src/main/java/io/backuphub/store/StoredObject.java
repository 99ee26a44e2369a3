package io.backuphub.store;

import java.time.Instant;

/**
 * A committed object. {@code checksum} is what the store itself reports for it ("crc32c:…" on GCS,
 * "etag:…" on S3), recorded at commit so a later look can tell the object changed; null where the
 * store reports none (local disk: size only).
 */
public record StoredObject(String key, long size, Instant modifiedAt, String checksum) {

    public StoredObject(String key, long size, Instant modifiedAt) {
        this(key, size, modifiedAt, null);
    }
}
