package io.backuphub.notify;

import io.backuphub.catalog.Db;
import io.backuphub.catalog.Keyset;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The notification outbox in the catalog. */
@ApplicationScoped
public class NotificationRepository {

    private static final String COLUMNS = "id, event, target_id, channel_id, channel_type, payload, status, digest_key,"
            + " attempts, next_attempt_at, last_error, created_at, delivered_at";

    @Inject Db db;

    public void insert(Notification n) {
        db.update("INSERT INTO notifications (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                n.id(), n.event(), n.targetId(), n.channelId(), n.channelType(), n.payload(), n.status(), n.digestKey(),
                n.attempts(), n.nextAttemptAt(), n.lastError(), n.createdAt(), n.deliveredAt());
    }

    public List<Notification> due(Instant now, int limit) {
        return db.query("SELECT " + COLUMNS + " FROM notifications WHERE status = 'pending' AND next_attempt_at <= ?"
                + " ORDER BY next_attempt_at, id LIMIT " + limit, NotificationRepository::map, now);
    }

    /**
     * Takes a due notification for one send attempt by pushing its next attempt to {@code leaseUntil};
     * false when another hub took it first. A hub that dies mid-send leaves it due again at leaseUntil.
     */
    public boolean claim(Notification n, Instant leaseUntil) {
        return db.update("UPDATE notifications SET next_attempt_at = ? WHERE id = ? AND status = 'pending'"
                + " AND next_attempt_at = ?", leaseUntil, n.id(), n.nextAttemptAt()) == 1;
    }

    public void delivered(String id, Instant at) {
        db.update("UPDATE notifications SET status = 'delivered', delivered_at = ?, attempts = attempts + 1,"
                + " last_error = NULL WHERE id = ?", at, id);
    }

    /** Records a failed attempt: retried at {@code next}, or failed for good when {@code next} is null. */
    public void attemptFailed(String id, String error, Instant next) {
        db.update("UPDATE notifications SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?,"
                + " status = ? WHERE id = ?",
                Db.fit(error, 2000), next,
                next == null ? "failed" : "pending", id);
    }

    public Optional<Notification> find(String id) {
        return db.queryOne("SELECT " + COLUMNS + " FROM notifications WHERE id = ?", NotificationRepository::map, id);
    }

    /** Notifications, newest first, a page of {@code limit} (+ 1) after the id {@code after}. */
    /** Notifications about the targets {@code within} (null: any, the hub's own included), newest first. */
    public List<Notification> list(String status, java.util.Collection<String> within, int limit, String after) {
        return Keyset.of("SELECT " + COLUMNS + " FROM notifications").and("status = ?", status)
                .andIn("target_id", within)
                .page(db, "id", true, after, limit, NotificationRepository::map);
    }

    /** Held notifications, oldest first, for the digests. */
    public List<Notification> held() {
        return db.query("SELECT " + COLUMNS + " FROM notifications WHERE status = 'held' ORDER BY digest_key, id",
                NotificationRepository::map);
    }

    public void digested(List<String> ids) {
        db.transaction(c -> {
            for (String id : ids) {
                Db.update(c, "UPDATE notifications SET status = 'digested' WHERE id = ? AND status = 'held'", id);
            }
            return null;
        });
    }

    /** Deletes notifications that are done with (delivered, digested or failed) and created before {@code before}. */
    public int pruneFinished(Instant before) {
        return db.update(
                "DELETE FROM notifications WHERE status IN ('delivered', 'digested', 'failed') AND created_at < ?",
                before);
    }

    static Notification map(ResultSet rs) throws SQLException {
        return new Notification(rs.getString("id"), rs.getString("event"), rs.getString("target_id"),
                rs.getString("channel_id"), rs.getString("channel_type"), rs.getString("payload"),
                rs.getString("status"),
                rs.getString("digest_key"), rs.getInt("attempts"), Db.instant(rs, "next_attempt_at"),
                rs.getString("last_error"), Db.instant(rs, "created_at"), Db.instant(rs, "delivered_at"));
    }
}
