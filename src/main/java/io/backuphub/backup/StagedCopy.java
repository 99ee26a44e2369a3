package io.backuphub.backup;

import io.backuphub.artifact.WriteIntents;
import io.backuphub.store.ArtifactStore;
import io.backuphub.store.ObjectKeys;
import io.backuphub.store.ObjectWriter;
import io.backuphub.store.StoreRegistry;
import io.backuphub.store.StoredObject;
import java.io.IOException;
import org.jboss.logging.Logger;

/**
 * One store's copy of a backup on its way: written, committed, its manifest beside it, each write
 * announced first as the hub's intent ({@link WriteIntents}). A copy that fails is dropped with its
 * reason (and what it wrote removed) while the other stores' copies go on.
 */
final class StagedCopy {

    private static final Logger LOG = Logger.getLogger(StagedCopy.class);

    final String storeId;
    final String key;
    private final WriteIntents intents;
    private final ArtifactStore store;
    private final ObjectWriter writer;
    StoredObject stored;
    private String failure;

    private StagedCopy(String storeId, String key, WriteIntents intents, ArtifactStore store, ObjectWriter writer,
            String failure) {
        this.storeId = storeId;
        this.key = key;
        this.intents = intents;
        this.store = store;
        this.writer = writer;
        this.failure = failure;
    }

    /** Starts the write in store {@code storeId}; a store that refuses gives a copy failed from the start. */
    static StagedCopy start(StoreRegistry stores, WriteIntents intents, String storeId, String key, String jobId) {
        try {
            ArtifactStore store = stores.get(storeId);
            return new StagedCopy(storeId, key, intents, store, intents.create(storeId, store, key, jobId), null);
        } catch (IOException | RuntimeException e) {
            LOG.errorf("store %s cannot take %s: %s", storeId, key, e.getMessage());
            return new StagedCopy(storeId, key, intents, null, null, e.getMessage());
        }
    }

    /** Starts writing the manifest beside the object, announced like the object. */
    ObjectWriter createManifest(String jobId) throws IOException {
        return intents.create(storeId, store, ObjectKeys.manifestKey(key), jobId);
    }

    boolean live() {
        return failure == null;
    }

    String failure() {
        return failure;
    }

    ObjectWriter writer() {
        return writer;
    }

    ArtifactStore store() {
        return store;
    }

    /** Drops the copy: its write aborted, anything it committed removed. */
    void fail(String reason) {
        if (failure != null) {
            return;
        }
        failure = reason;
        LOG.errorf("copy of %s in store %s failed: %s", key, storeId, reason);
        discard();
    }

    /** Removes what the copy wrote: the partial write, or the committed object and its manifest. */
    void discard() {
        if (writer != null) {
            writer.abort();
        }
        if (stored == null) {
            return;
        }
        intents.abandon(storeId, store, ObjectKeys.manifestKey(key));
        intents.abandon(storeId, store, key);
        stored = null;
    }
}
