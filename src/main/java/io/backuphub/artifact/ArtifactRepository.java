package io.backuphub.artifact;

import com.fasterxml.jackson.core.type.TypeReference;
import io.backuphub.catalog.Db;
import io.backuphub.catalog.Keyset;
import io.backuphub.common.HubException;
import io.backuphub.common.SafeValues;
import io.backuphub.engine.Fingerprint;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Artifacts in the catalog. Rows are added only after the manifest is stored. */
@ApplicationScoped
public class ArtifactRepository {

    private static final String COLUMNS = "id, job_id, target_id, environment, engine, store, object_key, bytes,"
            + " dump_bytes, sha256, compression, encrypted, verification, verification_summary, verification_evidence,"
            + " fingerprint, verified_at, manifest, created_at, pin_reason, suspicious_reason, acknowledged_by, kind";

    private static final TypeReference<Fingerprint> FINGERPRINT = new TypeReference<>() {
    };

    /** Verified and not suspicious (or acknowledged): the backups retention counts and drills restore. */
    private static final String COUNTABLE = "verification = 'verified'"
            + " AND (suspicious_reason IS NULL OR acknowledged_by IS NOT NULL)";
    /** Dumps only: what drills restore and suspicion compares (a base is judged by the recovery window). */
    private static final String DUMPS = "kind = '" + Artifact.DUMP + "'";

    @Inject Db db;
    @Inject jakarta.enterprise.event.Event<ArtifactChanged> changes;

    /** The artifact with its one copy: the object in the store it names. */
    public void insert(Artifact a) {
        insert(a, List.of(new ArtifactCopy(a.id(), a.store(), a.objectKey(), a.bytes(), a.sha256(), null,
                CopyStatus.STORED, null, a.createdAt())));
    }

    /** The artifact and its copies, in one transaction: it is never listed without them. */
    public void insert(Artifact a, List<ArtifactCopy> copies) {
        db.transaction(c -> {
            Db.update(c,
                    "INSERT INTO artifacts (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    a.id(), a.jobId(), a.targetId(), a.environment(), a.engine(), a.store(), a.objectKey(), a.bytes(),
                    a.dumpBytes(), a.sha256(), a.compression(), a.encrypted(), a.verification(),
                    a.verificationSummary(), Db.json(a.verificationEvidence()), Db.json(a.fingerprint()),
                    a.verifiedAt(), a.manifest(), a.createdAt(), a.pinReason(), a.suspiciousReason(),
                    a.acknowledgedBy(), a.kind());
            for (ArtifactCopy copy : copies) {
                CopyRepository.save(c, copy);
            }
            return null;
        });
    }

    public Optional<Artifact> find(String id) {
        return db.queryOne("SELECT " + COLUMNS + " FROM artifacts WHERE id = ? AND deleted_at IS NULL",
                ArtifactRepository::map, id);
    }

    /** True if the catalog has ever recorded the artifact (deleted ones included). */
    public boolean known(String id) {
        return db.queryOne("SELECT COUNT(*) FROM artifacts WHERE id = ?", rs -> rs.getInt(1), id).orElse(0) > 0;
    }

    /** True while the catalog has no artifact at all, deleted ones included: a new or lost catalog. */
    public boolean none() {
        return db.queryOne("SELECT COUNT(*) FROM artifacts", rs -> rs.getInt(1)).orElse(0) == 0;
    }

    /** The artifact, or a not-found error naming the id. */
    public Artifact require(String id) {
        return find(id).orElseThrow(() -> HubException.notFound("no artifact " + SafeValues.show(id)));
    }

    /** Stored artifacts, newest first, a page of {@code limit} (+ 1) after the id {@code after}. */
    public List<Artifact> list(String targetId, int limit, String after) {
        return list(targetId, null, limit, after);
    }

    /** Stored artifacts of the targets {@code within} (null: any), newest first, as {@link #list(String, int, String)}. */
    public List<Artifact> list(String targetId, Collection<String> within, int limit, String after) {
        return Keyset.of("SELECT " + COLUMNS + " FROM artifacts WHERE deleted_at IS NULL")
                .and("target_id = ?", targetId).andIn("target_id", within)
                .page(db, "id", true, after, limit, ArtifactRepository::map);
    }

    /**
     * A verification's verdict, with its summary and the evidence behind it. A new fingerprint replaces
     * the old; a verification that produced none (failed, skipped) keeps what an earlier one found.
     */
    public void recordVerification(String id, VerificationState state, String summary, Map<String, Object> evidence,
            Fingerprint fingerprint, Instant at) {
        db.update("UPDATE artifacts SET verification = ?, verification_summary = ?, verification_evidence = ?,"
                + " fingerprint = COALESCE(?, fingerprint), verified_at = ? WHERE id = ?", state, Db.fit(summary, 4000),
                fitJson(Db.json(evidence), 20000), fingerprint == null ? null : Db.json(fingerprint), at, id);
    }

    public boolean markDeleted(String id, Instant at, String reason) {
        return changed(id, db.update("UPDATE artifacts SET deleted_at = ?, deleted_reason = ? WHERE id = ?"
                + " AND deleted_at IS NULL", at, reason, id));
    }

    /** The artifact, deleted or not, with when and why it was deleted (the history mirror's view). */
    public Optional<Recorded> findRecorded(String id) {
        return db.queryOne("SELECT " + COLUMNS + ", deleted_at, deleted_reason FROM artifacts WHERE id = ?",
                rs -> new Recorded(map(rs), Db.instant(rs, "deleted_at"), rs.getString("deleted_reason")), id);
    }

    /** An artifact as recorded, deleted ones included. */
    public record Recorded(Artifact artifact, Instant deletedAt, String deletedReason) {
    }

    /** Bytes of every stored copy of every artifact still stored: what the stores hold for the hub. */
    public long storedBytes() {
        // A deleted artifact's copies are all marked deleted: the copies table alone answers, from its
        // (status, bytes) index without reading a row (V18).
        return db.queryOne("SELECT COALESCE(SUM(bytes), 0) FROM artifact_copies WHERE status = 'stored'",
                rs -> rs.getLong(1)).orElse(0L);
    }

    /** Every artifact of the target still stored, for retention planning. */
    public List<Artifact> stored(String targetId) {
        return db.query("SELECT " + COLUMNS + " FROM artifacts WHERE target_id = ? AND deleted_at IS NULL ORDER BY id",
                ArtifactRepository::map, targetId);
    }

    /**
     * The newest verified backup of the target older than {@code beforeId} that retention counts (not
     * suspicious, or acknowledged): what a new backup is compared with.
     */
    public Optional<Artifact> previousCountable(String targetId, String beforeId) {
        return db.queryOne("SELECT " + COLUMNS + " FROM artifacts WHERE target_id = ? AND id < ?"
                + " AND deleted_at IS NULL AND " + COUNTABLE + " AND " + DUMPS + " ORDER BY id DESC LIMIT 1",
                ArtifactRepository::map, targetId, beforeId);
    }

    /** The newest stored verified backup of the target that retention counts (what a drill restores). */
    public Optional<Artifact> newestCountable(String targetId) {
        return db.queryOne("SELECT " + COLUMNS + " FROM artifacts WHERE target_id = ? AND deleted_at IS NULL"
                + " AND " + COUNTABLE + " AND " + DUMPS + " ORDER BY id DESC LIMIT 1", ArtifactRepository::map,
                targetId);
    }

    /** When each verified backup of the target since {@code from} was made, deleted ones included, oldest first. */
    public List<Instant> verifiedSince(String targetId, Instant from) {
        return db.query("SELECT created_at FROM artifacts WHERE target_id = ? AND verification = 'verified'"
                + " AND created_at >= ? ORDER BY created_at", rs -> Db.instant(rs, "created_at"), targetId, from);
    }

    /** The artifacts with these ids, by id (deleted ones included). */
    public Map<String, Artifact> findAll(Collection<String> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return Db.firstBy(db.query("SELECT " + COLUMNS + " FROM artifacts WHERE id IN (" + Db.marks(ids.size()) + ")",
                ArtifactRepository::map, ids.toArray()), Artifact::id);
    }

    /** For each of the targets, its newest stored backup that is suspicious and not acknowledged. */
    public Map<String, Artifact> unacknowledgedSuspicious(Collection<String> targetIds) {
        java.util.Set<String> wanted = java.util.Set.copyOf(targetIds);
        return Db.firstBy(db.query("SELECT " + COLUMNS + " FROM artifacts WHERE suspicious_reason >= ''"
                + " AND acknowledged_by IS NULL AND deleted_at IS NULL ORDER BY id DESC", ArtifactRepository::map)
                .stream().filter(a -> wanted.contains(a.targetId())).toList(), Artifact::targetId);
    }

    /**
     * Every backup made since {@code from} (deleted ones too), oldest first: one range scan of the
     * created_at index, for trends over every target at once.
     */
    public List<Made> madeSince(Instant from) {
        // Every column read is in the artifacts_made index: no row (with its manifest) is read (V18).
        return db.query("SELECT target_id, created_at, bytes, verification, deleted_at FROM artifacts"
                + " WHERE created_at >= ? ORDER BY created_at",
                rs -> new Made(rs.getString("target_id"), Db.instant(rs, "created_at"), rs.getLong("bytes"),
                        VerificationState.of(rs.getString("verification")), rs.getTimestamp("deleted_at") != null),
                from);
    }

    /** One backup as trends see it: when, how big, verified or not, still stored or not. */
    public record Made(String targetId, Instant createdAt, long bytes, VerificationState verification,
            boolean deleted) {
    }

    /** When the target's newest stored verified backup was made, if it has one. */
    public Optional<Instant> lastVerifiedAt(String targetId) {
        return db.queryOne("SELECT created_at FROM artifacts WHERE target_id = ? AND deleted_at IS NULL"
                + " AND verification = 'verified' ORDER BY id DESC LIMIT 1", rs -> Db.instant(rs, "created_at"),
                targetId);
    }

    /** The newest stored backup of the target that is suspicious and not acknowledged. */
    public Optional<Artifact> unacknowledgedSuspicious(String targetId) {
        return db.queryOne(UNACKNOWLEDGED_SUSPICIOUS, ArtifactRepository::map, targetId);
    }

    private static final String UNACKNOWLEDGED_SUSPICIOUS = "SELECT " + COLUMNS + " FROM artifacts WHERE"
            + " target_id = ? AND deleted_at IS NULL AND suspicious_reason IS NOT NULL AND acknowledged_by IS NULL"
            + " ORDER BY id DESC LIMIT 1";

    public void flagSuspicious(String id, String reason) {
        changed(id, db.update("UPDATE artifacts SET suspicious_reason = ?, acknowledged_by = NULL,"
                + " acknowledged_at = NULL WHERE id = ?",
                Db.fit(reason, 1000),
                id)); // indexed (artifacts_suspicious): short enough for a PostgreSQL btree entry
    }

    /** A person looked at a suspicious backup and accepts it: retention counts it from now on. */
    public boolean acknowledge(String id, String by, Instant at) {
        return changed(id, db.update("UPDATE artifacts SET acknowledged_by = ?, acknowledged_at = ? WHERE id = ?"
                + " AND suspicious_reason IS NOT NULL AND acknowledged_by IS NULL", by, at, id));
    }

    public void pin(String id, String reason, String by, Instant at) {
        changed(id, db.update("UPDATE artifacts SET pin_reason = ?, pinned_by = ?, pinned_at = ? WHERE id = ?",
                reason, by, at, id));
    }

    public void unpin(String id) {
        changed(id, db.update("UPDATE artifacts SET pin_reason = NULL, pinned_by = NULL, pinned_at = NULL"
                + " WHERE id = ?", id));
    }

    /** Announces a change to whoever observes artifacts (the history mirror) when a row was updated. */
    private boolean changed(String id, int rows) {
        if (rows > 0) {
            changes.fire(new ArtifactChanged(id));
        }
        return rows > 0;
    }

    /** Evidence too long for its column keeps what fits, still valid JSON. */
    private static String fitJson(String json, int max) {
        return json == null || json.length() <= max ? json
                : Db.json(Map.of("truncated", json.length() + " characters"));
    }

    static Artifact map(ResultSet rs) throws SQLException {
        return new Artifact(
                rs.getString("id"),
                rs.getString("job_id"),
                rs.getString("target_id"),
                rs.getString("environment"),
                rs.getString("engine"),
                rs.getString("store"),
                rs.getString("object_key"),
                rs.getLong("bytes"),
                rs.getLong("dump_bytes"),
                rs.getString("sha256"),
                rs.getString("compression"),
                rs.getBoolean("encrypted"),
                VerificationState.of(rs.getString("verification")),
                rs.getString("verification_summary"),
                Db.fromJson(rs.getString("verification_evidence"), Db.OBJECT),
                Db.fromJson(rs.getString("fingerprint"), FINGERPRINT),
                Db.instant(rs, "verified_at"),
                rs.getString("manifest"),
                Db.instant(rs, "created_at"),
                rs.getString("pin_reason"),
                rs.getString("suspicious_reason"),
                rs.getString("acknowledged_by"),
                rs.getString("kind"));
    }
}
