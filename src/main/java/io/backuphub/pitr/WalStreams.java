package io.backuphub.pitr;

import io.backuphub.catalog.Db;
import io.backuphub.common.Ids;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The catalog's side of continuous WAL (V27): the segments stored per target, and which replica streams
 * each target (a lease it renews while its receiver runs; another replica takes over once it lapses).
 */
@ApplicationScoped
public class WalStreams {

    /** A stored segment (or timeline history file) and the LSN range it holds. */
    public record Segment(String targetId, int timeline, String name, String kind, String startLsn, String endLsn,
            Instant receivedAt, long bytes, long storedBytes, String sha256, String objectKey, List<String> stores) {
    }

    /** What the replica streaming a target last said about it. */
    public record Receiver(String targetId, String instanceId, Instant leaseUntil, String state, Instant stateSince,
            String reason, Instant lastSegmentAt, Long retainedBytes, Instant checkedAt) {

        public boolean streaming() {
            return STREAMING.equals(state);
        }

        /** WAL the slot needed is gone from the server: the chain has a gap. */
        public boolean lost() {
            return LOST.equals(state);
        }
    }

    public static final String STREAMING = "streaming";
    public static final String LOST = "lost";

    @Inject Db db;

    /** Takes or renews the target's lease for {@code instanceId}; false while another replica holds it. */
    public boolean lease(String targetId, String instanceId, Duration length) {
        Instant now = Instant.now();
        int renewed = db.update("UPDATE log_receivers SET instance_id = ?, lease_until = ? WHERE target_id = ?"
                + " AND (instance_id = ? OR lease_until < ?)", instanceId, now.plus(length), targetId, instanceId, now);
        if (renewed == 1) {
            return true;
        }
        try {
            db.update("INSERT INTO log_receivers (target_id, instance_id, lease_until, state, state_since, checked_at)"
                    + " VALUES (?,?,?,?,?,?)", targetId, instanceId, now.plus(length), "starting", now, now);
            return true;
        } catch (RuntimeException held) {
            return false; // another replica's row: its lease has not lapsed
        }
    }

    /** Gives the lease up at once (a clean stop), so another replica need not wait for it to lapse. */
    public void release(String targetId, String instanceId) {
        db.update("UPDATE log_receivers SET lease_until = ?, state = ? WHERE target_id = ? AND instance_id = ?",
                Instant.EPOCH, "stopped", targetId, instanceId);
    }

    /**
     * Notes the receiver's state — {@code streaming}, {@code retrying}, {@code refused} or {@code lost}
     * — and since when it has been in it; {@code retainedBytes}: what the slot holds on the server, when read.
     */
    public void state(String targetId, String instanceId, String state, String reason, Long retainedBytes) {
        Instant now = Instant.now();
        db.update("UPDATE log_receivers SET state_since = CASE WHEN state = ? THEN state_since ELSE ? END, state = ?,"
                + " reason = ?, retained_bytes = COALESCE(?, retained_bytes), checked_at = ? WHERE target_id = ?"
                + " AND instance_id = ?", state, now, state, Db.fit(reason, 2000), retainedBytes, now, targetId,
                instanceId);
    }

    public Optional<Receiver> receiver(String targetId) {
        return db.queryOne("SELECT " + RECEIVER + " FROM log_receivers WHERE target_id = ?", WalStreams::receiver,
                targetId);
    }

    /** The receivers of these targets, by target. */
    public java.util.Map<String, Receiver> receivers(java.util.Collection<String> targetIds) {
        if (targetIds.isEmpty()) {
            return java.util.Map.of();
        }
        return Db.firstBy(db.query("SELECT " + RECEIVER + " FROM log_receivers WHERE target_id IN ("
                + Db.marks(targetIds.size()) + ")", WalStreams::receiver, targetIds.toArray()), Receiver::targetId);
    }

    private static final String RECEIVER = "target_id, instance_id, lease_until, state, state_since, reason,"
            + " last_segment_at, retained_bytes, checked_at";

    public boolean stored(String targetId, String name) {
        return db.queryOne("SELECT 1 FROM log_segments WHERE target_id = ? AND name = ? AND deleted_at IS NULL",
                rs -> 1, targetId, name).isPresent();
    }

    /** Records a stored segment, in the transaction that ends its write intents. */
    void record(Connection c, Segment s) throws SQLException {
        Db.update(c, "INSERT INTO log_segments (id, target_id, timeline, name, kind, start_lsn, end_lsn, received_at,"
                + " bytes, stored_bytes, sha256, object_key, stores) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", Ids.next(),
                s.targetId(), s.timeline(), s.name(), s.kind(), s.startLsn(), s.endLsn(), s.receivedAt(), s.bytes(),
                s.storedBytes(), s.sha256(), s.objectKey(), String.join(",", s.stores()));
        Db.update(c, "UPDATE log_receivers SET last_segment_at = ? WHERE target_id = ?", s.receivedAt(), s.targetId());
    }

    /** How many segments the target has stored, and their bytes before and after encoding. */
    public record Totals(int segments, long bytes, long storedBytes) {
    }

    public Totals totals(String targetId) {
        return db.queryOne("SELECT COUNT(*), COALESCE(SUM(bytes), 0), COALESCE(SUM(stored_bytes), 0) FROM log_segments"
                + " WHERE target_id = ? AND deleted_at IS NULL",
                rs -> new Totals(rs.getInt(1), rs.getLong(2),
                        rs.getLong(3)),
                targetId).orElseThrow();
    }

    /** The target's newest {@code limit} stored segments, newest first. */
    public List<Segment> newest(String targetId, int limit) {
        return db.query(SEGMENT + " ORDER BY name DESC LIMIT ?", WalStreams::segment, targetId, limit);
    }

    /** The newest segment stored (and not deleted) on the timeline, if any. */
    public Optional<Segment> lastSegment(String targetId, int timeline) {
        return db.queryOne(SEGMENT + " AND kind = 'segment' AND timeline = ? ORDER BY name DESC LIMIT 1",
                WalStreams::segment, targetId, timeline);
    }

    /**
     * Up to {@code limit} of the target's stored segments and history files that store {@code storeId}
     * lacks, oldest first.
     */
    public List<Segment> missingIn(String targetId, String storeId, int limit) {
        return db.query(SEGMENT + " AND ',' || stores || ',' NOT LIKE ? ORDER BY name LIMIT ?", WalStreams::segment,
                targetId, "%," + storeId.replace("_", "\\_").replace("%", "\\%") + ",%", limit);
    }

    /** Store {@code storeId} holds the segment now (a copy was added), in the transaction that ends its intent. */
    void addStore(Connection c, Segment s, String storeId) throws SQLException {
        Db.update(c, "UPDATE log_segments SET stores = stores || ',' || ? WHERE target_id = ? AND name = ?"
                + " AND deleted_at IS NULL", storeId, s.targetId(), s.name());
    }

    /** The target's stored segments, oldest first. */
    public List<Segment> segments(String targetId) {
        return db.query(SEGMENT + " ORDER BY name", WalStreams::segment, targetId);
    }

    private static final String SEGMENT = "SELECT target_id, timeline, name, kind, start_lsn, end_lsn, received_at,"
            + " bytes, stored_bytes, sha256, object_key, stores FROM log_segments WHERE target_id = ?"
            + " AND deleted_at IS NULL";

    private static Segment segment(ResultSet rs) throws SQLException {
        return new Segment(rs.getString("target_id"), rs.getInt("timeline"), rs.getString("name"), rs.getString("kind"),
                rs.getString("start_lsn"), rs.getString("end_lsn"), Db.instant(rs, "received_at"), rs.getLong("bytes"),
                rs.getLong("stored_bytes"), rs.getString("sha256"), rs.getString("object_key"),
                List.of(rs.getString("stores").split(",")));
    }

    private static Receiver receiver(ResultSet rs) throws SQLException {
        return new Receiver(rs.getString("target_id"), rs.getString("instance_id"), Db.instant(rs, "lease_until"),
                rs.getString("state"), Db.instant(rs, "state_since"), rs.getString("reason"),
                Db.instant(rs, "last_segment_at"),
                Db.nullableLong(rs, "retained_bytes"), Db.instant(rs, "checked_at"));
    }
}
