package io.backuphub.job;

import com.fasterxml.jackson.core.type.TypeReference;
import io.backuphub.artifact.VerificationState;
import io.backuphub.catalog.Db;
import io.backuphub.catalog.Keyset;
import io.backuphub.common.FailureCause;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Jobs in the catalog. The catalog is the queue: a queued row whose time has come is claimed by
 * exactly one hub (row update guarded by status) and only while its target holds no lock
 * (target_locks primary key), which keeps one job per target across replicas.
 */
@ApplicationScoped
public class JobRepository {

    private static final String COLUMNS = "id, target_id, kind, status, verification, artifact_id, error, "
            + "trigger_type, trigger_ref, triggered_by, options, scheduled_for, created_at, started_at, finished_at, "
            + "bytes, owner, heartbeat_at, cancel_requested_by, failure_cause, result";

    private static final TypeReference<FailureCause> CAUSE = new TypeReference<>() {
    };

    @Inject Db db;

    public void insert(Job job) {
        db.update("INSERT INTO jobs (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                job.id(), job.targetId(), job.kind(), job.status(), job.verification(), job.artifactId(), job.error(),
                job.trigger(), job.triggerRef(), job.triggeredBy(),
                job.options() == null || job.options().isEmpty() ? null : Db.json(job.options()), job.scheduledFor(),
                job.createdAt(), job.startedAt(), job.finishedAt(), job.bytes(), job.owner(), job.heartbeatAt(),
                job.cancelRequestedBy(), Db.json(job.cause()), job.result() == null ? null : Db.json(job.result()));
    }

    /** What the job made, for the person who asked (shown with the job). */
    public void recordResult(String jobId, Map<String, Object> result) {
        db.update("UPDATE jobs SET result = ? WHERE id = ?", Db.json(result), jobId);
    }

    public Optional<Job> find(String id) {
        return db.queryOne("SELECT " + COLUMNS + " FROM jobs WHERE id = ?", JobRepository::map, id);
    }

    /** Jobs, newest first, a page of {@code limit} (+ 1) after the job id {@code after}; null filters filter nothing. */
    public List<Job> list(String targetId, JobStatus status, JobKind kind, JobTrigger trigger, Instant from,
            Instant to, int limit, String after) {
        return list(targetId, null, status, kind, trigger, from, to, JobSort.Order.NEWEST_FIRST, limit, null, after);
    }

    /**
     * The jobs the filters select, of the targets {@code within} (null: any), in {@code order}, after the job
     * {@code afterId} whose sort key was {@code afterKey}.
     */
    public List<Job> list(String targetId, Collection<String> within, JobStatus status, JobKind kind,
            JobTrigger trigger, Instant from, Instant to, JobSort.Order order, int limit, String afterKey,
            String afterId) {
        Keyset query = Keyset.of("SELECT " + COLUMNS + " FROM jobs").and("target_id = ?", targetId)
                .andIn("target_id", within)
                .and("status = ?", status).and("kind = ?", kind).and("trigger_type = ?", trigger)
                .and("created_at >= ?", from).and("created_at < ?", to);
        if (order.by() == JobSort.CREATED) {
            return query.page(db, "id", order.descending(), afterId, limit, JobRepository::map);
        }
        return query.pageBy(db, order.by().column, order.descending(),
                afterId == null ? null : order.value(afterKey), afterId, limit, JobRepository::map);
    }

    /** How many jobs of {@code kind} {@code requester} asked for since {@code since} (a day quota's count). */
    public int countRequested(String requester, JobKind kind, Instant since) {
        return db.queryOne("SELECT COUNT(*) FROM jobs WHERE triggered_by = ? AND created_at >= ? AND kind = ?",
                rs -> rs.getInt(1), requester, since, kind).orElse(0);
    }

    /** Jobs a schedule or webhook started (trigger_ref), newest first. */
    public List<Job> startedBy(String triggerRef, int limit) {
        return db.query("SELECT " + COLUMNS + " FROM jobs WHERE trigger_ref = ? ORDER BY id DESC LIMIT " + limit,
                JobRepository::map, triggerRef);
    }

    /** Newest finished backup job of the target, for health. */
    public Optional<Job> lastFinishedBackup(String targetId) {
        return db.queryOne(LAST_FINISHED_BACKUP, JobRepository::map, targetId);
    }

    // Ordered by jobs_by_target_kind's columns, so that H2 reads that index from the newest entry on.
    private static final String FAILURE_STREAK = "SELECT COUNT(*) AS failures, MIN(f.finished_at) AS since"
            + " FROM jobs f WHERE f.target_id = ? AND f.kind = 'backup' AND f.status = 'failed'"
            + " AND f.id > COALESCE((SELECT MAX(s.id) FROM jobs s WHERE s.target_id = f.target_id"
            + " AND s.kind = 'backup' AND s.status IN ('succeeded', 'partial')), '')";

    private static final String LAST_FINISHED_BACKUP = "SELECT " + COLUMNS + " FROM jobs WHERE target_id = ?"
            + " AND kind = 'backup' AND status IN ('succeeded', 'partial', 'failed')"
            + " ORDER BY target_id, kind, id DESC LIMIT 1";

    /**
     * Each target's newest finished backup job, for many targets in one transaction (one index lookup
     * each). Targets without one are absent.
     */
    public Map<String, Job> lastFinishedBackups(Collection<String> targetIds) {
        return db.eachKey(targetIds, LAST_FINISHED_BACKUP, JobRepository::map);
    }

    /**
     * Per target, its backups that failed since its last one that stored a backup (all of them if none
     * did): how many, and when the first of them ended. Targets without such failures are left out.
     */
    public Map<String, TargetHealth.FailureStreak> failureStreaks(Collection<String> targetIds) {
        Map<String, TargetHealth.FailureStreak> streaks = db.eachKey(targetIds, FAILURE_STREAK,
                rs -> new TargetHealth.FailureStreak(rs.getInt("failures"), Db.instant(rs, "since")));
        streaks.values().removeIf(s -> s.count() == 0);
        return streaks;
    }

    /** Newest backup job of the target that stored a backup (in every store, or partial). */
    public Optional<Job> lastSucceededBackup(String targetId) {
        return db.queryOne("SELECT " + COLUMNS + " FROM jobs WHERE target_id = ? AND kind = 'backup'"
                + " AND status IN ('succeeded', 'partial') ORDER BY target_id, kind, id DESC LIMIT 1",
                JobRepository::map,
                targetId);
    }

    /** The target's newest backup job asked for with option {@code name} = {@code value} (a PITR base), if any. */
    public Optional<Job> newestBackupWith(String targetId, String name, String value) {
        return db.queryOne("SELECT " + COLUMNS + " FROM jobs WHERE target_id = ? AND kind = 'backup' AND options LIKE ?"
                + " ORDER BY target_id, kind, id DESC LIMIT 1", JobRepository::map, targetId,
                "%" + Db.json(Map.of(name, value)).replaceAll("^\\{|\\}$", "") + "%");
    }

    /** True while a backup of the target is running, or queued and already due (delayed ones don't count). */
    public boolean hasPendingBackup(String targetId) {
        return db.queryOne("SELECT COUNT(*) FROM jobs WHERE target_id = ? AND kind = 'backup'"
                + " AND (status = 'running' OR (status = 'queued' AND scheduled_for <= ?))",
                rs -> rs.getInt(1), targetId, Instant.now()).orElse(0) > 0;
    }

    /** True while a restore of the artifact is queued or running: the artifact must stay. */
    public boolean isRestoring(String artifactId) {
        return isActive(JobKind.RESTORE, artifactId);
    }

    /** True while a job of this kind on the artifact is queued or running. */
    public boolean isActive(JobKind kind, String artifactId) {
        return db.queryOne("SELECT COUNT(*) FROM jobs WHERE artifact_id = ? AND kind = ?"
                + " AND status IN ('queued', 'running')", rs -> rs.getInt(1), artifactId, kind).orElse(0) > 0;
    }

    /** Queued jobs due now, oldest first. */
    public List<Job> due(Instant now, int limit) {
        return db.query("SELECT " + COLUMNS + " FROM jobs WHERE status = 'queued' AND scheduled_for <= ?"
                + " ORDER BY scheduled_for, id LIMIT " + limit, JobRepository::map, now);
    }

    public int runningOwnedBy(String owner) {
        return db.queryOne("SELECT COUNT(*) FROM jobs WHERE status = 'running' AND owner = ?",
                rs -> rs.getInt(1), owner).orElse(0);
    }

    /**
     * Takes the job for {@code owner} if it is still queued and its target is free. Returns false
     * when another hub took it or the target is busy.
     */
    public boolean claim(Job job, String owner, Instant now) {
        return db.transaction(c -> {
            if (Db.update(c, "UPDATE jobs SET status = 'running', owner = ?, started_at = ?, heartbeat_at = ?"
                    + " WHERE id = ? AND status = 'queued'", owner, now, now, job.id()) != 1) {
                return false;
            }
            if (!Db.query(c, "SELECT job_id FROM target_locks WHERE target_id = ?", rs -> rs.getString(1),
                    job.targetId()).isEmpty()) {
                c.rollback();
                return false;
            }
            try {
                Db.update(c, "INSERT INTO target_locks (target_id, job_id, owner, acquired_at) VALUES (?,?,?,?)",
                        job.targetId(), job.id(), owner, now);
            } catch (SQLException raced) {
                c.rollback(); // another hub locked the target between our check and insert
                return false;
            }
            return true;
        });
    }

    public void heartbeat(String jobId, long bytes, Instant now) {
        db.update("UPDATE jobs SET heartbeat_at = ?, bytes = ? WHERE id = ? AND status = 'running'", now, bytes, jobId);
    }

    /** Ends a running job and frees its target, in one transaction. */
    public void finish(String jobId, JobStatus status, VerificationState verification, String artifactId,
            String error, FailureCause cause, Long bytes, Instant now) {
        db.transaction(c -> {
            Db.update(c, "UPDATE jobs SET status = ?, verification = ?, artifact_id = COALESCE(?, artifact_id),"
                    + " error = ?, failure_cause = ?, bytes = COALESCE(?, bytes), finished_at = ?"
                    + " WHERE id = ? AND status = 'running'",
                    status, verification, artifactId, Db.fit(error, 16000), Db.json(cause), bytes,
                    now, jobId);
            Db.update(c, "DELETE FROM target_locks WHERE job_id = ?", jobId);
            return null;
        });
    }

    public void setVerification(String jobId, VerificationState verification) {
        db.update("UPDATE jobs SET verification = ? WHERE id = ?", verification, jobId);
    }

    /** Cancels a job that has not started. False if it is running or finished. */
    public boolean cancel(String jobId, String reason, Instant now) {
        return db.update(
                "UPDATE jobs SET status = 'cancelled', error = ?, finished_at = ? WHERE id = ? AND status = 'queued'",
                reason, now, jobId) == 1;
    }

    /**
     * Asks the hub running the job to stop it (any replica may receive the request; the owner acts on
     * it). False if the job is not running.
     */
    public boolean requestCancel(String jobId, String by) {
        return db.update("UPDATE jobs SET cancel_requested_by = COALESCE(cancel_requested_by, ?)"
                + " WHERE id = ? AND status = 'running'", by, jobId) == 1;
    }

    /** Running jobs of {@code owner} someone asked to cancel: job id -> who asked. */
    public Map<String, String> cancelRequests(String owner) {
        Map<String, String> requests = new java.util.LinkedHashMap<>();
        db.query("SELECT id, cancel_requested_by FROM jobs WHERE status = 'running' AND owner = ?"
                + " AND cancel_requested_by IS NOT NULL", rs -> requests.put(rs.getString(1), rs.getString(2)), owner);
        return requests;
    }

    /**
     * Fails running jobs that no live hub owns: those of {@code owner} (this hub, restarting after a
     * crash; null for none) and those whose heartbeat stopped before {@code staleBefore} (a replica that died).
     * A job {@code self} (this hub) owned is said to have stopped with the hub, whichever sweep finds it
     * first: after a restart the heartbeat sweep may run before the start-up one.
     */
    public List<Job> failAbandoned(String owner, Instant staleBefore, Instant now, String self) {
        return db.transaction(c -> {
            List<Job> abandoned = Db.query(c, "SELECT " + COLUMNS + " FROM jobs WHERE status = 'running'"
                    + " AND (owner = ? OR heartbeat_at < ?)", JobRepository::map, owner, staleBefore);
            for (Job job : abandoned) {
                String reason = java.util.Objects.equals(self, job.owner())
                        ? "the hub (" + self + ") stopped while the job was running"
                        : "the hub running the job (" + job.owner() + ") stopped sending heartbeats";
                Db.update(c, "UPDATE jobs SET status = 'failed', error = ?, finished_at = ?,"
                        + " verification = CASE WHEN verification = 'pending' THEN 'skipped' ELSE verification END"
                        + " WHERE id = ? AND status = 'running'", reason, now, job.id());
                Db.update(c, "DELETE FROM target_locks WHERE job_id = ?", job.id());
            }
            // Locks whose job is no longer running (should not exist; repairs a half-applied failure).
            Db.update(c, "DELETE FROM target_locks WHERE job_id NOT IN (SELECT id FROM jobs WHERE status = 'running')");
            return abandoned;
        });
    }

    static Job map(ResultSet rs) throws SQLException {
        return new Job(
                rs.getString("id"),
                rs.getString("target_id"),
                JobKind.of(rs.getString("kind")),
                JobStatus.of(rs.getString("status")),
                VerificationState.of(rs.getString("verification")),
                rs.getString("artifact_id"),
                rs.getString("error"),
                JobTrigger.of(rs.getString("trigger_type")),
                rs.getString("trigger_ref"),
                rs.getString("triggered_by"),
                Objects.requireNonNullElse(Db.fromJson(rs.getString("options"), Db.OBJECT), Map.of()),
                Db.instant(rs, "scheduled_for"),
                Db.instant(rs, "created_at"),
                Db.instant(rs, "started_at"),
                Db.instant(rs, "finished_at"),
                Db.nullableLong(rs, "bytes"),
                rs.getString("owner"),
                Db.instant(rs, "heartbeat_at"),
                rs.getString("cancel_requested_by"),
                Db.fromJson(rs.getString("failure_cause"), CAUSE),
                Db.fromJson(rs.getString("result"), Db.OBJECT));
    }
}
