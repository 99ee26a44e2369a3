package io.backuphub.artifact;

import io.backuphub.catalog.Db;
import io.backuphub.common.HubInstance;
import io.backuphub.store.ArtifactStore;
import io.backuphub.store.ObjectWriter;
import io.backuphub.store.StoredObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * What the hub is writing and does not own yet. Stores may be shared (another team's files at a
 * bucket's root, another hub's backups), so the hub deletes, unasked, only objects it began writing
 * itself: before the first byte of any object (a backup, its manifest, its copy in another store) the
 * intent is recorded here — store, key, job, hub instance, when. It ends when the catalog records the
 * object ({@link #release}, in the transaction of the artifact's or the copy's row), or when a failed
 * write's remains are deleted ({@link #abandon}). An intent left behind (the hub died mid-write) is
 * what the sweep of abandoned writes finds; an object with no intent and no catalog row is never the
 * hub's to delete.
 */
@ApplicationScoped
public class WriteIntents {

    private static final Logger LOG = Logger.getLogger(WriteIntents.class);

    /** A write begun and not finished: by {@code jobId} on {@code instanceId} at {@code startedAt}. */
    public record Intent(String storeId, String key, String jobId, String instanceId, Instant startedAt) {
    }

    private final Db db;
    private final HubInstance instance;

    public WriteIntents(Db db, HubInstance instance) {
        this.db = db;
        this.instance = instance;
    }

    /**
     * Records the intent, then starts the write: nothing reaches the store before the catalog knows
     * the hub is writing it. Aborting the writer removes its partial write and then the intent.
     */
    public ObjectWriter create(String storeId, ArtifactStore store, String key, String jobId) throws IOException {
        record(storeId, key, jobId);
        try {
            return new IntentWriter(storeId, key, store.create(key));
        } catch (IOException | RuntimeException e) {
            forget(storeId, key);
            throw e;
        }
    }

    /**
     * As {@link #create}, for keys the hub may meet again (a WAL segment named by the server, not by a
     * fresh id): an object already under {@code key} that no intent of this catalog names belongs to
     * someone else (another hub, a person) and is never overwritten; one with the hub's intent is its own
     * unfinished write, replaced.
     */
    public ObjectWriter createUnlessForeign(String storeId, ArtifactStore store, String key, String jobId)
            throws IOException {
        if (store.stat(key).isPresent() && find(storeId, key).isEmpty()) {
            throw new ForeignObjectException("store " + storeId + " already holds " + key + ", which this hub did"
                    + " not write: it is left alone");
        }
        return create(storeId, store, key, jobId);
    }

    /** The key is taken by an object the hub did not write: this one write is refused, the store is fine. */
    public static final class ForeignObjectException extends IOException {

        ForeignObjectException(String message) {
            super(message);
        }
    }

    /** A write that failed after committing: what it left under {@code key} is deleted, then its intent. */
    public void abandon(String storeId, ArtifactStore store, String key) {
        try {
            store.delete(key);
            forget(storeId, key);
        } catch (IOException | RuntimeException e) {
            LOG.errorf("could not remove %s from store %s after a failed write (%s); the sweep of abandoned writes"
                    + " tries again", key, storeId, e.getMessage());
        }
    }

    /** The intent on this object, if the hub is writing it or left it unfinished. */
    public java.util.Optional<Intent> find(String storeId, String key) {
        return db.queryOne("SELECT store_id, object_key, job_id, instance_id, started_at FROM write_intents"
                + " WHERE store_id = ? AND object_key = ?", WriteIntents::map, storeId, key);
    }

    /**
     * Intents older than {@code before} whose job is no longer queued or running: writes that will not
     * finish (the hub running them died, or their cleanup failed).
     */
    public List<Intent> abandoned(Instant before) {
        return db.query("SELECT w.store_id, w.object_key, w.job_id, w.instance_id, w.started_at FROM write_intents w"
                + " LEFT JOIN jobs j ON j.id = w.job_id WHERE w.started_at < ?"
                + " AND (j.id IS NULL OR j.status NOT IN ('queued', 'running')) ORDER BY w.started_at",
                WriteIntents::map, before);
    }

    /** Keys of the store with an intent: objects being written, not unknown ones. */
    public Set<String> keys(String storeId) {
        return new HashSet<>(db.query("SELECT object_key FROM write_intents WHERE store_id = ?", rs -> rs.getString(1),
                storeId));
    }

    public void forget(String storeId, String key) {
        db.update("DELETE FROM write_intents WHERE store_id = ? AND object_key = ?", storeId, key);
    }

    /** The catalog records {@code key} (and its manifest) in {@code storeId}: their intents end, in its transaction. */
    public static void release(Connection c, String storeId, String key) throws SQLException {
        Db.update(c, "DELETE FROM write_intents WHERE store_id = ? AND object_key IN (?, ?)", storeId, key,
                io.backuphub.store.ObjectKeys.manifestKey(key));
    }

    private void record(String storeId, String key, String jobId) {
        db.transaction(c -> {
            // The same key again (a copy tried once more): the newest attempt's intent.
            Db.update(c, "DELETE FROM write_intents WHERE store_id = ? AND object_key = ?", storeId, key);
            Db.update(c, "INSERT INTO write_intents (store_id, object_key, job_id, instance_id, started_at)"
                    + " VALUES (?,?,?,?,?)", storeId, key, jobId, instance.id(), Instant.now());
            return null;
        });
    }

    private static Intent map(java.sql.ResultSet rs) throws SQLException {
        return new Intent(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                Db.instant(rs, "started_at"));
    }

    /** The store's writer; an abort removes the intent too, once the partial write is gone. */
    private final class IntentWriter implements ObjectWriter {

        private final String storeId;
        private final String key;
        private final ObjectWriter writer;
        private boolean committed;
        private boolean aborted;

        IntentWriter(String storeId, String key, ObjectWriter writer) {
            this.storeId = storeId;
            this.key = key;
            this.writer = writer;
        }

        @Override
        public OutputStream stream() {
            return writer.stream();
        }

        @Override
        public StoredObject commit() throws IOException {
            StoredObject stored = writer.commit();
            committed = true;
            return stored;
        }

        /** The partial write, then the intent; an intent whose partial write could not be removed stays for the sweep. */
        @Override
        public boolean abort() {
            if (committed || aborted) {
                return true;
            }
            if (!writer.abort()) {
                LOG.warnf("the partial write of %s in store %s could not be removed now; the sweep of abandoned"
                        + " writes removes it", key, storeId);
                return false;
            }
            aborted = true;
            try {
                forget(storeId, key);
            } catch (RuntimeException e) {
                LOG.warnf("the intent to write %s in store %s stays (%s); the sweep of abandoned writes ends it", key,
                        storeId, e.getMessage());
            }
            return true;
        }

        @Override
        public void close() {
            abort();
        }
    }
}
