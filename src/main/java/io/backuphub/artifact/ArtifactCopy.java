package io.backuphub.artifact;

import java.time.Instant;

/**
 * One copy of an artifact: the same bytes under {@code key} in store {@code store}. {@code bytes} and
 * {@code sha256} are what was written (null while a copy is failed or being made); {@code storeChecksum}
 * what the store reported at commit; {@code error} why a failed copy failed.
 */
public record ArtifactCopy(String artifactId, String store, String key, Long bytes, String sha256,
        String storeChecksum, CopyStatus status, String error, Instant updatedAt) {

    public boolean stored() {
        return status == CopyStatus.STORED;
    }

    public static ArtifactCopy failed(String artifactId, String store, String key, String error) {
        return new ArtifactCopy(artifactId, store, key, null, null, null, CopyStatus.FAILED, error, Instant.now());
    }
}
