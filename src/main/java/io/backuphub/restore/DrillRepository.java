package io.backuphub.restore;

import com.fasterxml.jackson.core.type.TypeReference;
import io.backuphub.catalog.Db;
import io.backuphub.catalog.Keyset;
import io.backuphub.common.Ids;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Drills in the catalog, newest first. */
@ApplicationScoped
public class DrillRepository {

    /**
     * A drill whose job ended without the drill recording it (cancelled while queued, its hub died) takes
     * the job's status and error: no drill stays "queued" or "running" for ever.
     */
    private static final String SELECT = "SELECT d.id AS id, d.target_id AS target_id, d.scratch_target_id AS"
            + " scratch_target_id, d.job_id AS job_id, d.artifact_id AS artifact_id, CASE WHEN d.status IN"
            + " ('queued', 'running') AND j.status IN ('failed', 'cancelled') THEN j.status ELSE d.status END AS"
            + " status, d.due_at AS due_at, d.requested_at AS requested_at, d.started_at AS started_at,"
            + " COALESCE(d.finished_at, j.finished_at) AS finished_at, d.rto_seconds AS rto_seconds, d.rpo_seconds AS"
            + " rpo_seconds, d.worst_gap_seconds AS worst_gap_seconds, d.differences AS differences,"
            + " COALESCE(d.error, j.error) AS error FROM drills d LEFT JOIN jobs j ON j.id = d.job_id";
    private static final String LIVE = "d.status IN ('queued', 'running') AND j.status IN ('queued', 'running')";
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    @Inject Db db;

    /**
     * Records a queued drill. A scheduled one ({@code dueAt} set) is recorded once per target and fire
     * time: false when another replica recorded it first.
     */
    public boolean insert(String targetId, String scratchTargetId, String jobId, Instant dueAt, Instant now) {
        try {
            db.update("INSERT INTO drills (id, target_id, scratch_target_id, job_id, status, due_at, requested_at)"
                    + " VALUES (?,?,?,?,'queued',?,?)", Ids.next(), targetId, scratchTargetId, jobId, dueAt, now);
            return true;
        } catch (RuntimeException duplicate) {
            if (dueAt != null && newest(targetId).map(d -> dueAt.equals(d.dueAt())).orElse(false)) {
                return false;
            }
            throw duplicate;
        }
    }

    public Optional<Drill> byJob(String jobId) {
        return db.queryOne(SELECT + " WHERE d.job_id = ?", DrillRepository::map, jobId);
    }

    private static final String LAST_FINISHED = SELECT + " WHERE d.target_id = ? AND d.status IN ('succeeded',"
            + " 'failed') ORDER BY d.finished_at DESC, d.id DESC LIMIT 1";
    private static final String LAST_SUCCEEDED = SELECT + " WHERE d.target_id = ? AND d.status = 'succeeded'"
            + " ORDER BY d.finished_at DESC, d.id DESC LIMIT 1";

    public Optional<Drill> newest(String targetId) {
        return db.queryOne(SELECT + " WHERE d.target_id = ? ORDER BY d.requested_at DESC, d.id DESC LIMIT 1",
                DrillRepository::map, targetId);
    }

    /** The newest drill of the target that ran to a verdict (succeeded or failed; not a cancelled one). */
    public Optional<Drill> lastFinished(String targetId) {
        return db.queryOne(LAST_FINISHED, DrillRepository::map, targetId);
    }

    public Optional<Drill> lastSucceeded(String targetId) {
        return db.queryOne(LAST_SUCCEEDED, DrillRepository::map, targetId);
    }

    /** For each of the targets, its newest drill that ran to a verdict. */
    public Map<String, Drill> lastFinished(Collection<String> targetIds) {
        return db.eachKey(targetIds, LAST_FINISHED, DrillRepository::map);
    }

    /** For each of the targets, its newest successful drill. */
    public Map<String, Drill> lastSucceeded(Collection<String> targetIds) {
        return db.eachKey(targetIds, LAST_SUCCEEDED, DrillRepository::map);
    }

    /** True while a drill of the target is queued or running (its job too). */
    public boolean pending(String targetId) {
        return db.queryOne("SELECT COUNT(*) FROM drills d JOIN jobs j ON j.id = d.job_id WHERE d.target_id = ? AND "
                + LIVE, rs -> rs.getInt(1), targetId).orElse(0) > 0;
    }

    public List<Drill> list(String targetId, int limit, String after) {
        return Keyset.of(SELECT + " WHERE 1 = 1").and("d.target_id = ?", targetId)
                .page(db, "d.id", true, after, limit, DrillRepository::map);
    }

    public void started(String id, String artifactId, Instant at) {
        db.update("UPDATE drills SET status = 'running', artifact_id = ?, started_at = ? WHERE id = ?", artifactId, at,
                id);
    }

    public void succeeded(String id, double rtoSeconds, long rpoSeconds, long worstGapSeconds, Instant at) {
        db.update("UPDATE drills SET status = 'succeeded', rto_seconds = ?, rpo_seconds = ?, worst_gap_seconds = ?,"
                + " finished_at = ? WHERE id = ?", rtoSeconds, rpoSeconds, worstGapSeconds, at, id);
    }

    public void ended(String id, String status, List<String> differences, String error, Instant at) {
        db.update("UPDATE drills SET status = ?, differences = COALESCE(?, differences), error = ?, finished_at = ?"
                + " WHERE id = ? AND status IN ('queued', 'running')", status,
                differences == null ? null : Db.json(differences), Db.fit(error, 4000),
                at, id);
    }

    static Drill map(ResultSet rs) throws SQLException {
        double rto = rs.getDouble("rto_seconds");
        Double rtoSeconds = rs.wasNull() ? null : rto;
        return new Drill(rs.getString("id"), rs.getString("target_id"), rs.getString("scratch_target_id"),
                rs.getString("job_id"), rs.getString("artifact_id"), rs.getString("status"), Db.instant(rs, "due_at"),
                Db.instant(rs, "requested_at"), Db.instant(rs, "started_at"), Db.instant(rs, "finished_at"),
                rtoSeconds, Db.nullableLong(rs, "rpo_seconds"), Db.nullableLong(rs, "worst_gap_seconds"),
                Db.fromJson(rs.getString("differences"), STRINGS), rs.getString("error"));
    }
}
