package io.backuphub.backup;

import io.backuphub.artifact.WriteIntents;
import io.backuphub.audit.AuditRepository;
import io.backuphub.store.ArtifactStore;
import io.backuphub.store.ObjectKeys;
import io.backuphub.store.StoreProperties;
import io.backuphub.store.StoreRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The sweep-abandoned-writes route's step: removes what the hub began writing and never finished —
 * the hub died mid-backup, or a failed write's cleanup could not reach the store — and nothing else.
 * Only objects with a write intent ({@link WriteIntents}) older than hub.store.abandoned-after, whose
 * job is no longer queued or running, are touched: their partial writes (unfinished uploads,
 * temporary files) and whatever they committed. A complete backup (its object and its manifest both
 * there) is left for the rescan to take into the catalog. Every removal is audited.
 */
@ApplicationScoped
@Named("abandonedWrites")
public class AbandonedWrites {

    private static final Logger LOG = Logger.getLogger(AbandonedWrites.class);
    static final String SWEEPER = "store-sweeper";

    private final WriteIntents intents;
    private final StoreRegistry stores;
    private final AuditRepository audit;
    private final StoreProperties config;

    public AbandonedWrites(WriteIntents intents, StoreRegistry stores, AuditRepository audit, StoreProperties config) {
        this.intents = intents;
        this.stores = stores;
        this.audit = audit;
        this.config = config;
    }

    /** Removes the abandoned writes of every store; returns how many objects were removed. */
    public int sweep() {
        Map<String, List<WriteIntents.Intent>> byStore = intents
                .abandoned(Instant.now().minus(config.store().abandonedAfter())).stream()
                .collect(Collectors.groupingBy(WriteIntents.Intent::storeId));
        int removed = 0;
        for (Map.Entry<String, List<WriteIntents.Intent>> store : byStore.entrySet()) {
            removed += sweep(store.getKey(), store.getValue());
        }
        if (removed > 0) {
            LOG.warnf("removed %d object(s) and partial write(s) left by interrupted writes", removed);
        }
        return removed;
    }

    private int sweep(String storeId, List<WriteIntents.Intent> abandoned) {
        ArtifactStore store;
        int removed;
        try {
            store = stores.get(storeId);
            removed = store.removePartialWrites(abandoned.stream().map(WriteIntents.Intent::key).toList());
        } catch (IOException e) {
            LOG.errorf("cannot remove abandoned writes in store %s now (%s); the next sweep tries again", storeId,
                    e.getMessage());
            return 0;
        }
        for (WriteIntents.Intent intent : abandoned) {
            try {
                if (completeBackup(store, intent.key())) {
                    LOG.infof("%s in store %s is a complete backup whose catalog row was never written: left for the"
                            + " rescan to take into the catalog", intent.key(), storeId);
                    continue;
                }
                boolean existed = store.stat(intent.key()).isPresent();
                store.delete(intent.key());
                intents.forget(storeId, intent.key());
                if (existed) {
                    removed++;
                }
                audit.record(SWEEPER, "store.abandoned-write-removed", storeId + ":" + intent.key(), null, "succeeded",
                        "written by job " + intent.jobId() + " on " + intent.instanceId() + " from "
                                + intent.startedAt() + " and never finished"
                                + (existed ? "" : " (only a partial write was left)"));
            } catch (IOException | RuntimeException e) {
                LOG.errorf("cannot remove the abandoned write %s in store %s now: %s", intent.key(), storeId,
                        e.getMessage());
            }
        }
        return removed;
    }

    /** The object and its manifest are both in the store: a backup, never removed here. */
    private static boolean completeBackup(ArtifactStore store, String key) throws IOException {
        String object = key.endsWith(ObjectKeys.MANIFEST_SUFFIX)
                ? key.substring(0, key.length() - ObjectKeys.MANIFEST_SUFFIX.length()) : key;
        return store.stat(object).isPresent() && store.stat(ObjectKeys.manifestKey(object)).isPresent();
    }
}
