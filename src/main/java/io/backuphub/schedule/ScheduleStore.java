package io.backuphub.schedule;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.backuphub.Json;
import io.backuphub.catalog.CatalogException;
import io.backuphub.catalog.Db;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Schedules in the catalog. */
@ApplicationScoped
public class ScheduleStore {

    private static final String COLUMNS = "id, target_id, cron, quartz_cron, timezone, enabled, options, source,"
            + " created_at, updated_at, last_fired_at, last_fire_note";

    private final Db db;

    public ScheduleStore(Db db) {
        this.db = db;
    }

    public void insert(Schedule s) {
        db.update("INSERT INTO schedules (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                s.id(), s.targetId(), s.cron().input(), s.cron().quartz(), s.timezone().getId(), s.enabled(),
                json(s.options()), s.source(), s.createdAt(), s.updatedAt(), s.lastFiredAt(), s.lastFireNote());
    }

    public void update(Schedule s) {
        db.update("UPDATE schedules SET target_id = ?, cron = ?, quartz_cron = ?, timezone = ?, enabled = ?, options = ?,"
                        + " updated_at = ? WHERE id = ?",
                s.targetId(), s.cron().input(), s.cron().quartz(), s.timezone().getId(), s.enabled(), json(s.options()),
                s.updatedAt(), s.id());
    }

    public boolean delete(String id) {
        return db.update("DELETE FROM schedules WHERE id = ?", id) == 1;
    }

    public Optional<Schedule> find(String id) {
        return db.queryOne("SELECT " + COLUMNS + " FROM schedules WHERE id = ?", ScheduleStore::map, id);
    }

    /** Ordered by id; {@code after} is the cursor (the last id of the previous page). */
    public List<Schedule> list(String targetId, int limit, String after) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM schedules WHERE 1=1");
        List<Object> params = new ArrayList<>();
        if (targetId != null) {
            sql.append(" AND target_id = ?");
            params.add(targetId);
        }
        if (after != null) {
            sql.append(" AND id > ?");
            params.add(after);
        }
        sql.append(" ORDER BY id LIMIT ").append(limit);
        return db.query(sql.toString(), ScheduleStore::map, params.toArray());
    }

    public List<Schedule> all() {
        return db.query("SELECT " + COLUMNS + " FROM schedules ORDER BY id", ScheduleStore::map);
    }

    public void recordFire(String id, Instant at, String note) {
        db.update("UPDATE schedules SET last_fired_at = ?, last_fire_note = ? WHERE id = ?", at,
                note == null || note.length() <= 500 ? note : note.substring(0, 495) + " ...", id);
    }

    private static Schedule map(ResultSet rs) throws SQLException {
        return new Schedule(rs.getString("id"), rs.getString("target_id"),
                new CronSpec(rs.getString("cron"), rs.getString("quartz_cron")), ZoneId.of(rs.getString("timezone")),
                rs.getBoolean("enabled"), options(rs.getString("options")),
                Schedule.Source.valueOf(rs.getString("source").toUpperCase(Locale.ROOT)),
                Db.instant(rs, "created_at"), Db.instant(rs, "updated_at"), Db.instant(rs, "last_fired_at"),
                rs.getString("last_fire_note"));
    }

    private static String json(Map<String, Object> options) {
        try {
            return options == null || options.isEmpty() ? null : Json.MAPPER.writeValueAsString(options);
        } catch (JsonProcessingException e) {
            throw new CatalogException("cannot store schedule options", e);
        }
    }

    private static Map<String, Object> options(String json) {
        try {
            return json == null ? Map.of() : Json.MAPPER.readValue(json, new TypeReference<Map<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw new CatalogException("unreadable schedule options", e);
        }
    }
}
