package io.backuphub.backup;

import io.backuphub.store.ArtifactStore;
import io.backuphub.store.ObjectKeys;
import io.backuphub.store.ObjectWriter;
import io.backuphub.store.StoreRegistry;
import io.backuphub.store.StoredObject;
import java.io.IOException;
import org.jboss.logging.Logger;

/**
 * One store's copy of a backup on its way: written, committed, its manifest beside it. A copy that
 * fails is dropped with its reason (and what it wrote removed) while the other stores' copies go on.
 */
final class StagedCopy {

    private static final Logger LOG = Logger.getLogger(StagedCopy.class);

    final String storeId;
    final String key;
    private final ArtifactStore store;
    private final ObjectWriter writer;
    StoredObject stored;
    private String failure;

    private StagedCopy(String storeId, String key, ArtifactStore store, ObjectWriter writer, String failure) {
        this.storeId = storeId;
        this.key = key;
        this.store = store;
        this.writer = writer;
        this.failure = failure;
    }

    /** Starts the write in store {@code storeId}; a store that refuses gives a copy failed from the start. */
    static StagedCopy start(StoreRegistry stores, String storeId, String key) {
        try {
            ArtifactStore store = stores.get(storeId);
            return new StagedCopy(storeId, key, store, store.create(key), null);
        } catch (IOException e) {
            LOG.errorf("store %s cannot take %s: %s", storeId, key, e.getMessage());
            return new StagedCopy(storeId, key, null, null, e.getMessage());
        }
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
        for (String k : java.util.List.of(ObjectKeys.manifestKey(key), key)) {
            try {
                store.delete(k);
            } catch (IOException e) {
                LOG.errorf("could not remove %s from store %s after a failed backup: %s", k, storeId,
                        e.getMessage());
            }
        }
        stored = null;
    }
}
