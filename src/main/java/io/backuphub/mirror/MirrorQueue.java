package io.backuphub.mirror;

import io.backuphub.catalog.Db;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** mirror_queue: the records whose Firestore document is to be written, one row per record. */
@ApplicationScoped
public class MirrorQueue {

    /** One record to mirror: a finished job ("job") or an artifact ("artifact"). */
    public record Entry(String kind, String recordId, long version, Instant dueAt, int attempts) {
    }

    /** What the queue holds, for GET /api/v1/mirror. */
    public record Backlog(int pending, int failing, Instant oldestQueuedAt, String lastError) {
    }

    @Inject Db db;

    /** Asks for the record's document to be (re)written now; a row already waiting is due now, one version on. */
    public void add(String kind, String recordId, Instant now) {
        db.transaction(c -> {
            if (Db.update(c, "UPDATE mirror_queue SET version = version + 1, due_at = ? WHERE kind = ?"
                    + " AND record_id = ?", now, kind, recordId) == 0) {
                try {
                    Db.update(c, "INSERT INTO mirror_queue (kind, record_id, version, queued_at, due_at, attempts)"
                            + " VALUES (?,?,1,?,?,0)", kind, recordId, now, now);
                } catch (SQLException raced) { // another replica queued it between our update and insert
                    c.rollback();
                    Db.update(c, "UPDATE mirror_queue SET version = version + 1, due_at = ? WHERE kind = ?"
                            + " AND record_id = ?", now, kind, recordId);
                }
            }
            return null;
        });
    }

    /**
     * Queues every finished job of the mirrored kinds and every artifact the catalog has ever
     * recorded (POST /api/v1/mirror/resync); returns how many records are now due.
     */
    public int addEverything(Instant now) {
        return db.transaction(c -> {
            Db.update(c, "UPDATE mirror_queue SET version = version + 1, due_at = ?", now);
            Db.update(c, "INSERT INTO mirror_queue (kind, record_id, version, queued_at, due_at, attempts)"
                    + " SELECT 'job', j.id, 1, ?, ?, 0 FROM jobs j WHERE j.kind IN ('backup', 'restore', 'drill')"
                    + " AND j.finished_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM mirror_queue q"
                    + " WHERE q.kind = 'job' AND q.record_id = j.id)", now, now);
            Db.update(c, "INSERT INTO mirror_queue (kind, record_id, version, queued_at, due_at, attempts)"
                    + " SELECT 'artifact', a.id, 1, ?, ?, 0 FROM artifacts a WHERE NOT EXISTS (SELECT 1 FROM"
                    + " mirror_queue q WHERE q.kind = 'artifact' AND q.record_id = a.id)", now, now);
            return Db.query(c, "SELECT COUNT(*) FROM mirror_queue", rs -> rs.getInt(1)).get(0);
        });
    }

    /** Due entries this hub now holds until {@code leaseUntil} (replicas never write the same one at once). */
    public List<Entry> claimDue(Instant now, Instant leaseUntil, int limit) {
        List<Entry> due = db.query("SELECT kind, record_id, version, due_at, attempts FROM mirror_queue"
                + " WHERE due_at <= ? ORDER BY due_at LIMIT " + limit,
                rs -> new Entry(rs.getString(1), rs.getString(2), rs.getLong(3), Db.instant(rs, "due_at"),
                        rs.getInt(5)),
                now);
        return due.stream().filter(e -> db.update("UPDATE mirror_queue SET due_at = ? WHERE kind = ? AND record_id = ?"
                + " AND version = ? AND due_at = ?", leaseUntil, e.kind(), e.recordId(), e.version(), e.dueAt()) == 1)
                .toList();
    }

    /** The entry's document is written: the row goes, unless a newer change arrived meanwhile. */
    public void written(Entry e) {
        db.update("DELETE FROM mirror_queue WHERE kind = ? AND record_id = ? AND version = ?", e.kind(), e.recordId(),
                e.version());
    }

    /** The write failed: tried again at {@code next} (a newer change, if any, keeps its own due time). */
    public void failed(Entry e, String error, Instant next) {
        db.update("UPDATE mirror_queue SET attempts = attempts + 1, last_error = ?, due_at = ? WHERE kind = ?"
                + " AND record_id = ? AND version = ?", error, next, e.kind(), e.recordId(), e.version());
    }

    public Backlog backlog() {
        String lastError = db.queryOne("SELECT last_error FROM mirror_queue WHERE last_error IS NOT NULL"
                + " ORDER BY due_at DESC LIMIT 1", rs -> rs.getString(1)).orElse(null);
        return db.queryOne("SELECT COUNT(*) AS pending, SUM(CASE WHEN attempts > 0 THEN 1 ELSE 0 END) AS failing,"
                + " MIN(queued_at) AS oldest FROM mirror_queue",
                rs -> new Backlog(rs.getInt("pending"),
                        rs.getInt("failing"), Db.instant(rs, "oldest"), lastError))
                .orElseThrow();
    }
}
