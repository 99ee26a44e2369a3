package io.backuphub.artifact;

import com.fasterxml.jackson.databind.JsonNode;
import io.backuphub.catalog.Db;
import io.backuphub.common.Json;
import io.backuphub.engine.Fingerprint;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;

/**
 * A stored backup, as the catalog lists it; {@code manifest} is the JSON written beside the object,
 * {@code verificationEvidence} what the last verification found, {@code fingerprint} what it read
 * (tables, rows, checksums; null until verified by an engine that fingerprints); {@code kind}
 * {@link #DUMP} or {@link #BASE}.
 */
public record Artifact(
        String id,
        String jobId,
        String targetId,
        String environment,
        String engine,
        String store,
        String objectKey,
        long bytes,
        long dumpBytes,
        String sha256,
        String compression,
        boolean encrypted,
        VerificationState verification,
        String verificationSummary,
        Map<String, Object> verificationEvidence,
        Fingerprint fingerprint,
        Instant verifiedAt,
        String manifest,
        Instant createdAt,
        String pinReason,
        String suspiciousReason,
        String acknowledgedBy,
        String kind) {

    /** A logical dump (pg_dump, mongodump...): what restores, drills and suspicion work with. */
    public static final String DUMP = "dump";
    /** A physical base backup, the start of point-in-time recovery (docs/pitr.md). */
    public static final String BASE = "base";

    public Artifact {
        kind = kind == null ? DUMP : kind;
    }

    /** The kind a manifest's {@code source} names (a base says so; everything else is a dump). */
    public static String kindOf(Map<String, Object> source) {
        return BASE.equals(source.get("kind")) ? BASE : DUMP;
    }

    public boolean base() {
        return BASE.equals(kind);
    }

    /**
     * What the manifest says of the dump's source: versions and the facts the dump recorded while it
     * ran (QuestDB's tables at checkpoint time); empty when the manifest has none.
     */
    public Map<String, Object> source() {
        try {
            JsonNode source = manifest == null ? null : Json.MAPPER.readTree(manifest).path("source");
            return source != null && source.isObject() ? Json.MAPPER.convertValue(source, Db.OBJECT) : Map.of();
        } catch (IOException e) {
            return Map.of();
        }
    }

    public boolean pinned() {
        return pinReason != null;
    }

    /** Flagged as suspicious and not acknowledged by a person yet: retention does not count it. */
    public boolean suspicious() {
        return suspiciousReason != null && acknowledgedBy == null;
    }
}
