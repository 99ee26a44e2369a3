package io.backuphub.schedule;

import io.backuphub.catalog.CatalogException;
import io.backuphub.catalog.Db;
import io.backuphub.catalog.Keyset;
import io.backuphub.common.CronSpec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Schedules in the catalog. */
@ApplicationScoped
public class ScheduleRepository {

    private static final String COLUMNS = "id, target_id, cron, quartz_cron, timezone, enabled, options, source,"
            + " created_at, updated_at, last_fired_at, last_fire_note";

    @Inject Db db;

    public void insert(Schedule s) {
        db.update("INSERT INTO schedules (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                s.id(), s.targetId(), s.cron().input(), s.cron().quartz(), s.timezone().getId(), s.enabled(),
                s.options() == null || s.options().isEmpty() ? null : Db.json(s.options()), s.source(), s.createdAt(),
                s.updatedAt(), s.lastFiredAt(), s.lastFireNote());
    }

    /**
     * Inserts the schedule unless one of its id exists (another replica applying the same policies may
     * have just inserted it); true if this call inserted it.
     */
    public boolean insertIfAbsent(Schedule s) {
        if (find(s.id()).isPresent()) {
            return false;
        }
        try {
            insert(s);
            return true;
        } catch (CatalogException e) {
            if (find(s.id()).isPresent()) {
                return false; // inserted between our look and our insert
            }
            throw e;
        }
    }

    public void update(Schedule s) {
        db.update(
                "UPDATE schedules SET target_id = ?, cron = ?, quartz_cron = ?, timezone = ?, enabled = ?, options = ?,"
                        + " updated_at = ? WHERE id = ?",
                s.targetId(), s.cron().input(), s.cron().quartz(), s.timezone().getId(), s.enabled(),
                s.options() == null || s.options().isEmpty() ? null : Db.json(s.options()),
                s.updatedAt(), s.id());
    }

    public boolean delete(String id) {
        return db.update("DELETE FROM schedules WHERE id = ?", id) == 1;
    }

    public Optional<Schedule> find(String id) {
        return db.queryOne("SELECT " + COLUMNS + " FROM schedules WHERE id = ?", ScheduleRepository::map, id);
    }

    /** Schedules of the targets {@code within} (null: any), by id, a page of {@code limit} (+ 1) after {@code after}. */
    public List<Schedule> list(String targetId, java.util.Collection<String> within, int limit, String after) {
        return Keyset.of("SELECT " + COLUMNS + " FROM schedules").and("target_id = ?", targetId)
                .andIn("target_id", within)
                .page(db, "id", false, after, limit, ScheduleRepository::map);
    }

    public List<Schedule> all() {
        return db.query("SELECT " + COLUMNS + " FROM schedules ORDER BY id", ScheduleRepository::map);
    }

    public void recordFire(String id, Instant at, String note) {
        db.update("UPDATE schedules SET last_fired_at = ?, last_fire_note = ? WHERE id = ?", at,
                Db.fit(note, 500), id);
    }

    private static Schedule map(ResultSet rs) throws SQLException {
        return new Schedule(rs.getString("id"), rs.getString("target_id"),
                new CronSpec(rs.getString("cron"), rs.getString("quartz_cron")), ZoneId.of(rs.getString("timezone")),
                rs.getBoolean("enabled"),
                Objects.requireNonNullElse(Db.fromJson(rs.getString("options"), Db.OBJECT), Map.of()),
                Schedule.Source.valueOf(rs.getString("source").toUpperCase(Locale.ROOT)),
                Db.instant(rs, "created_at"), Db.instant(rs, "updated_at"), Db.instant(rs, "last_fired_at"),
                rs.getString("last_fire_note"));
    }

}
