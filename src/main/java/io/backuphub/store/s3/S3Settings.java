package io.backuphub.store.s3;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.backuphub.common.ByteSize;
import io.backuphub.store.ObjectKeys;

/**
 * An S3 or Cloudflare R2 store as stores.yaml declares it: {@code bucket}, {@code prefix},
 * {@code endpoint} (R2: {@code https://<account>.r2.cloudflarestorage.com}; absent = AWS),
 * {@code region} (R2: {@code auto}), {@code pathStyle}, the access key and secret by reference —
 * environment variables ({@code accessKeyEnv}, {@code secretKeyEnv}) or files ({@code accessKeyFile},
 * {@code secretKeyFile}); absent = the SDK's default credentials chain — {@code partSize} (every part but the last has exactly this size, as
 * R2 requires; in bytes or with a unit: {@code 16MiB}; default 16 MiB, at least 5 MiB) and {@code storageClass}.
 */
public record S3Settings(String bucket, String prefix, String endpoint, String region, Boolean pathStyle,
        String accessKeyEnv, String secretKeyEnv, String accessKeyFile, String secretKeyFile,
        @JsonDeserialize(using = ByteSize.Deserializer.class) Long partSize, String storageClass) {

    public static final long MIN_PART_SIZE = 5L * 1024 * 1024;
    public static final long DEFAULT_PART_SIZE = 16L * 1024 * 1024;

    public long partSizeOrDefault() {
        return partSize == null ? DEFAULT_PART_SIZE : partSize;
    }

    /** The prefix as a folder ("backups/"), or "" for the bucket's root. */
    public String folder() {
        return ObjectKeys.folder(prefix);
    }
}
