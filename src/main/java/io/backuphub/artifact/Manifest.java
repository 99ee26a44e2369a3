package io.backuphub.artifact;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The manifest written beside each object, last: an object without one is not a backup. It says
 * everything needed to restore without the hub: format, codec, encryption recipients, checksum,
 * versions of the tools and server that made the dump, and the commands to get the data back. And
 * the id of the catalog that wrote it ({@code catalogId}): in a store shared by several hubs, which
 * one's backup it is (manifests of versions before it have none).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Manifest(
        int manifestVersion,
        String artifactId,
        String jobId,
        String targetId,
        String environment,
        String engine,
        List<String> databases,
        Instant startedAt,
        Instant finishedAt,
        StoredObjectInfo object,
        long dumpBytes,
        CompressionInfo compression,
        EncryptionInfo encryption,
        Map<String, Object> source,
        String restoreHint,
        String hubVersion,
        String catalogId) {

    public static final int VERSION = 1;

    public record StoredObjectInfo(String store, String key, long bytes, String sha256) {
    }

    public record CompressionInfo(String codec, Integer level) {
    }

    public record EncryptionInfo(String type, List<String> recipients) {
    }
}
