package io.backuphub.artifact;

import io.backuphub.catalog.Db;
import io.backuphub.job.VerificationState;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Artifacts in the catalog. Rows are added only after the manifest is stored. */
@ApplicationScoped
public class ArtifactCatalog {

    private static final String COLUMNS = "id, job_id, target_id, environment, engine, store, object_key, bytes,"
            + " dump_bytes, sha256, compression, encrypted, verification, verification_summary, verified_at, manifest,"
            + " created_at, pin_reason";

    private final Db db;

    public ArtifactCatalog(Db db) {
        this.db = db;
    }

    public void insert(Artifact a) {
        db.update("INSERT INTO artifacts (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                a.id(), a.jobId(), a.targetId(), a.environment(), a.engine(), a.store(), a.objectKey(), a.bytes(),
                a.dumpBytes(), a.sha256(), a.compression(), a.encrypted(), a.verification(), a.verificationSummary(),
                a.verifiedAt(), a.manifest(), a.createdAt(), a.pinReason());
    }

    public Optional<Artifact> find(String id) {
        return db.queryOne("SELECT " + COLUMNS + " FROM artifacts WHERE id = ? AND deleted_at IS NULL",
                ArtifactCatalog::map, id);
    }

    /** Newest first; {@code after} is the cursor (last id of the previous page). */
    public List<Artifact> list(String targetId, int limit, String after) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM artifacts WHERE deleted_at IS NULL");
        List<Object> params = new ArrayList<>();
        if (targetId != null) {
            sql.append(" AND target_id = ?");
            params.add(targetId);
        }
        if (after != null) {
            sql.append(" AND id < ?");
            params.add(after);
        }
        sql.append(" ORDER BY id DESC LIMIT ").append(limit);
        return db.query(sql.toString(), ArtifactCatalog::map, params.toArray());
    }

    public Optional<Artifact> latest(String targetId) {
        return list(targetId, 1, null).stream().findFirst();
    }

    public void recordVerification(String id, VerificationState state, String summary, Instant at) {
        db.update("UPDATE artifacts SET verification = ?, verification_summary = ?, verified_at = ? WHERE id = ?",
                state, truncate(summary), at, id);
    }

    public boolean markDeleted(String id, Instant at, String reason) {
        return db.update("UPDATE artifacts SET deleted_at = ?, deleted_reason = ? WHERE id = ? AND deleted_at IS NULL",
                at, reason, id) == 1;
    }

    /** Every artifact of the target still stored, for retention planning. */
    public List<Artifact> stored(String targetId) {
        return db.query("SELECT " + COLUMNS + " FROM artifacts WHERE target_id = ? AND deleted_at IS NULL ORDER BY id",
                ArtifactCatalog::map, targetId);
    }

    /** Object keys of every artifact still stored: what the store may hold besides leftovers. */
    public java.util.Set<String> storedKeys() {
        return new java.util.HashSet<>(db.query("SELECT object_key FROM artifacts WHERE deleted_at IS NULL",
                rs -> rs.getString(1)));
    }

    public void pin(String id, String reason, String by, Instant at) {
        db.update("UPDATE artifacts SET pin_reason = ?, pinned_by = ?, pinned_at = ? WHERE id = ?", reason, by, at, id);
    }

    public void unpin(String id) {
        db.update("UPDATE artifacts SET pin_reason = NULL, pinned_by = NULL, pinned_at = NULL WHERE id = ?", id);
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 4000 ? s : s.substring(0, 3990) + " [...]";
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
                Db.instant(rs, "verified_at"),
                rs.getString("manifest"),
                Db.instant(rs, "created_at"),
                rs.getString("pin_reason"));
    }
}
