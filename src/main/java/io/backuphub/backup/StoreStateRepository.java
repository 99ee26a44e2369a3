package io.backuphub.backup;

import io.backuphub.catalog.Db;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Each store's last checked state in the catalog, shared by the replicas. */
@ApplicationScoped
class StoreStateRepository {

    /** A store's state: up (writable) or not, why, since when, and when it was last checked. */
    record State(String storeId, boolean up, String reason, Instant changedAt, Instant checkedAt) {
    }

    private final Db db;

    StoreStateRepository(Db db) {
        this.db = db;
    }

    Map<String, State> all() {
        return db.query("SELECT store_id, state, reason, changed_at, checked_at FROM store_states",
                StoreStateRepository::map).stream().collect(Collectors.toMap(State::storeId, s -> s));
    }

    /**
     * Records a check's outcome; returns the state it replaced when this call changed it (from up to
     * down or back), empty otherwise: of several replicas checking at once, one sees the change.
     */
    Optional<State> record(String storeId, boolean up, String reason, Instant now) {
        String state = up ? "up" : "down";
        return db.transaction(c -> {
            Optional<State> before = Db.query(c, "SELECT store_id, state, reason, changed_at, checked_at FROM"
                    + " store_states WHERE store_id = ? FOR UPDATE", StoreStateRepository::map, storeId).stream()
                    .findFirst();
            if (before.isEmpty()) {
                Db.update(c, "INSERT INTO store_states (store_id, state, reason, changed_at, checked_at) VALUES"
                        + " (?,?,?,?,?)", storeId, state, Db.fit(reason, 2000), now, now);
                return up ? Optional.<State>empty() : Optional.of(new State(storeId, true, null, now, now));
            }
            boolean changed = before.get().up() != up;
            Db.update(c, "UPDATE store_states SET state = ?, reason = ?, checked_at = ?"
                    + (changed ? ", changed_at = ?" : "") + " WHERE store_id = ?",
                    changed ? new Object[]{state, Db.fit(reason, 2000), now, now, storeId}
                            : new Object[]{state, Db.fit(reason, 2000), now, storeId});
            return changed ? before : Optional.<State>empty();
        });
    }

    private static State map(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new State(rs.getString("store_id"), "up".equals(rs.getString("state")), rs.getString("reason"),
                Db.instant(rs, "changed_at"), Db.instant(rs, "checked_at"));
    }

}
