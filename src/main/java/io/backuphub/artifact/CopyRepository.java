package io.backuphub.artifact;

import io.backuphub.catalog.CatalogException;
import io.backuphub.catalog.Db;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The copies of artifacts in the catalog: one row per artifact and store. */
@ApplicationScoped
public class CopyRepository {

    private static final String COLUMNS = "artifact_id, store, object_key, bytes, sha256, store_checksum, status,"
            + " error, updated_at";

    @Inject Db db;

    /** Adds or replaces the row of this artifact and store. */
    public void save(ArtifactCopy copy) {
        db.transaction(c -> {
            save(c, copy);
            return null;
        });
    }

    /** A stored copy is the catalog's from here on: the intent to write it (and its manifest) ends. */
    static void save(Connection c, ArtifactCopy copy) throws SQLException {
        Db.update(c, "DELETE FROM artifact_copies WHERE artifact_id = ? AND store = ?", copy.artifactId(),
                copy.store());
        Db.update(c, "INSERT INTO artifact_copies (" + COLUMNS + ") VALUES (?,?,?,?,?,?,?,?,?)", copy.artifactId(),
                copy.store(), copy.key(), copy.bytes(), copy.sha256(), copy.storeChecksum(), copy.status(),
                Db.fit(copy.error(), 4000), copy.updatedAt());
        if (copy.status() == CopyStatus.STORED) {
            WriteIntents.release(c, copy.store(), copy.key());
        }
    }

    /**
     * Claims the artifact's copy in {@code store} for a replication job: true if there was none, or only a
     * failed or deleted one; false while one is stored or being made. {@code copyingIsStale}: no
     * replication job of the artifact is alive, so a copy still marked copying was left by a hub that
     * stopped mid-copy, and may be claimed again.
     */
    public boolean claim(String artifactId, String store, String key, boolean copyingIsStale) {
        try {
            return claimOnce(artifactId, store, key, copyingIsStale);
        } catch (CatalogException e) {
            return false; // another replica inserted the same claim first
        }
    }

    private boolean claimOnce(String artifactId, String store, String key, boolean copyingIsStale) {
        return db.transaction(c -> {
            Optional<CopyStatus> now = Db.query(c, "SELECT status FROM artifact_copies WHERE artifact_id = ?"
                    + " AND store = ? FOR UPDATE", rs -> CopyStatus.of(rs.getString(1)), artifactId, store)
                    .stream().findFirst();
            if (now.isPresent() && (now.get() == CopyStatus.STORED
                    || (now.get() == CopyStatus.COPYING && !copyingIsStale))) {
                return false;
            }
            save(c, new ArtifactCopy(artifactId, store, key, null, null, null, CopyStatus.COPYING, null,
                    Instant.now()));
            return true;
        });
    }

    /** The artifact's copies, the one in {@code primaryStore} first. */
    public List<ArtifactCopy> of(String artifactId, String primaryStore) {
        return db.query("SELECT " + COLUMNS + " FROM artifact_copies WHERE artifact_id = ?"
                + " ORDER BY CASE WHEN store = ? THEN 0 ELSE 1 END, store", CopyRepository::map, artifactId,
                primaryStore);
    }

    public Optional<ArtifactCopy> find(String artifactId, String store) {
        return db.queryOne("SELECT " + COLUMNS + " FROM artifact_copies WHERE artifact_id = ? AND store = ?",
                CopyRepository::map, artifactId, store);
    }

    /** The copies of several artifacts (a page of the list), by artifact id. */
    public Map<String, List<ArtifactCopy>> of(Collection<String> artifactIds) {
        Map<String, List<ArtifactCopy>> byArtifact = new LinkedHashMap<>();
        if (artifactIds.isEmpty()) {
            return byArtifact;
        }
        for (ArtifactCopy copy : db.query("SELECT " + COLUMNS + " FROM artifact_copies WHERE artifact_id IN ("
                + Db.marks(artifactIds.size()) + ") ORDER BY artifact_id, store", CopyRepository::map,
                artifactIds.toArray())) {
            byArtifact.computeIfAbsent(copy.artifactId(), id -> new java.util.ArrayList<>()).add(copy);
        }
        return byArtifact;
    }

    /** Copies that failed or are marked copying, of artifacts still stored: what repair-copies looks at. */
    public List<ArtifactCopy> unfinished() {
        return db.query("SELECT c.artifact_id, c.store, c.object_key, c.bytes, c.sha256, c.store_checksum, c.status,"
                + " c.error, c.updated_at FROM artifact_copies c JOIN artifacts a ON a.id = c.artifact_id WHERE a.deleted_at IS NULL"
                + " AND c.status IN ('failed', 'copying') ORDER BY c.artifact_id", CopyRepository::map);
    }

    /** Marks a copy failed with the reason (a check found it missing or changed, or its write failed). */
    public void markFailed(String artifactId, String store, String reason) {
        db.update("UPDATE artifact_copies SET status = 'failed', error = ?, updated_at = ? WHERE artifact_id = ?"
                + " AND store = ?", Db.fit(reason, 4000), Instant.now(), artifactId, store);
    }

    public void markDeleted(String artifactId, String store) {
        db.update("UPDATE artifact_copies SET status = 'deleted', updated_at = ? WHERE artifact_id = ? AND store = ?",
                Instant.now(), artifactId, store);
    }

    /** What the catalog keeps in a store: the bytes and number of its stored copies. */
    public record Totals(long bytes, long objects) {

        public static final Totals NONE = new Totals(0, 0);
    }

    /** Totals of the stored copies, per store. */
    public Map<String, Totals> totals() {
        Map<String, Totals> totals = new LinkedHashMap<>();
        db.query("SELECT store, COALESCE(SUM(bytes), 0), COUNT(*) FROM artifact_copies WHERE status = 'stored'"
                + " GROUP BY store", rs -> totals.put(rs.getString(1), new Totals(rs.getLong(2), rs.getLong(3))));
        return totals;
    }

    /**
     * Object keys of every copy not deleted, per store: what the catalog records in each store —
     * backups' copies, and the WAL segments of point-in-time recovery (log_segments, one key in each of
     * the stores it names), so that neither is ever shown or deleted as an unknown object.
     */
    public Map<String, java.util.Set<String>> liveKeys() {
        Map<String, java.util.Set<String>> keys = new LinkedHashMap<>();
        db.query("SELECT store, object_key FROM artifact_copies WHERE status <> 'deleted'", rs -> {
            keys.computeIfAbsent(rs.getString(1), s -> new java.util.HashSet<>()).add(rs.getString(2));
            return null;
        });
        db.query("SELECT stores, object_key FROM log_segments WHERE deleted_at IS NULL", rs -> {
            for (String store : rs.getString(1).split(",")) {
                keys.computeIfAbsent(store, s -> new java.util.HashSet<>()).add(rs.getString(2));
            }
            return null;
        });
        return keys;
    }

    static ArtifactCopy map(ResultSet rs) throws SQLException {
        return new ArtifactCopy(rs.getString("artifact_id"), rs.getString("store"), rs.getString("object_key"),
                Db.nullableLong(rs, "bytes"), rs.getString("sha256"), rs.getString("store_checksum"),
                CopyStatus.of(rs.getString("status")), rs.getString("error"), Db.instant(rs, "updated_at"));
    }
}
