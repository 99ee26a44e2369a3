package io.backuphub.audit;

import io.backuphub.catalog.Db;
import io.backuphub.catalog.Keyset;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/** Append-only record of who did what, when, from where, and how it ended. */
@ApplicationScoped
public class AuditRepository {

    private static final Logger LOG = Logger.getLogger(AuditRepository.class);

    @Inject Db db;

    public void record(String actor, String action, String resource, String source, String outcome, String detail) {
        record(Instant.now(), actor, action, resource, source, outcome, detail);
    }

    /** An event that happened at {@code occurredAt} (aggregated events carry the start of their period). */
    public void record(Instant occurredAt, String actor, String action, String resource, String source, String outcome,
            String detail) {
        db.update("INSERT INTO audit_events (occurred_at, actor, action, resource, source, outcome, detail)"
                + " VALUES (?,?,?,?,?,?,?)",
                occurredAt, clip(actor, 200), clip(action, 100), clip(resource, 500), clip(source, 200),
                clip(outcome, 32), clip(detail, 4000));
        LOG.infof("audit: %s %s %s from %s -> %s", actor, action, resource, source, outcome);
    }

    /** What to look for in the log; null fields filter nothing. {@code action} and {@code resource} match a prefix. */
    public record Filter(String actor, String action, String resource, String outcome, Instant from, Instant to) {

        public static final Filter NONE = new Filter(null, null, null, null, null, null);
    }

    /** Newest first, a page of {@code limit} (+ 1) before the id {@code beforeId} (null: the newest). */
    public List<AuditEntry> recent(int limit, Long beforeId) {
        return search(Filter.NONE, limit, beforeId);
    }

    /** The events matching {@code filter}, newest first, a page of {@code limit} (+ 1) before {@code beforeId}. */
    public List<AuditEntry> search(Filter filter, int limit, Long beforeId) {
        return Keyset.of("SELECT id, occurred_at, actor, action, resource, source, outcome, detail FROM audit_events")
                .and("actor = ?", filter.actor()).and("action LIKE ?", prefix(filter.action()))
                .and("resource LIKE ?", prefix(filter.resource())).and("outcome = ?", filter.outcome())
                .and("occurred_at >= ?", filter.from()).and("occurred_at < ?", filter.to())
                .page(db, "id", true, beforeId, limit,
                        rs -> new AuditEntry(rs.getLong("id"), Db.instant(rs, "occurred_at"),
                                rs.getString("actor"), rs.getString("action"), rs.getString("resource"),
                                rs.getString("source"),
                                rs.getString("outcome"), rs.getString("detail")));
    }

    /** A LIKE pattern matching values that start with {@code value}, its wildcards taken literally. */
    private static String prefix(String value) {
        return value == null ? null : value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    /** Deletes events that happened before {@code before} (hub.audit.keep); returns how many went. */
    /** How many times {@code actor} did {@code action} since {@code since} (an hourly quota's count). */
    public int count(String actor, String action, Instant since) {
        return db.queryOne("SELECT COUNT(*) FROM audit_events WHERE occurred_at >= ? AND actor = ? AND action = ?",
                rs -> rs.getInt(1), since, actor, action).orElse(0);
    }

    public int prune(Instant before) {
        return db.update("DELETE FROM audit_events WHERE occurred_at < ?", before);
    }

    private static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
