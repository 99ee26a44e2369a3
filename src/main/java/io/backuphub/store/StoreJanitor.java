package io.backuphub.store;

import io.backuphub.HubConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Named;
import java.io.IOException;
import org.jboss.logging.Logger;

/**
 * Removes temporary objects of interrupted backups: never one this hub is writing, and only once
 * untouched for hub.store.abandoned-after (another replica may be writing it).
 */
@ApplicationScoped
@Named("storeJanitor")
public class StoreJanitor {

    private static final Logger LOG = Logger.getLogger(StoreJanitor.class);

    private final ArtifactStore store;
    private final HubConfig config;

    public StoreJanitor(ArtifactStore store, HubConfig config) {
        this.store = store;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        removeAbandonedWrites();
    }

    public void removeAbandonedWrites() {
        try {
            int removed = store.removeAbandonedWrites(config.store().abandonedAfter());
            if (removed > 0) {
                LOG.warnf("removed %d temporary object(s) left by interrupted backups", removed);
            }
        } catch (IOException e) {
            LOG.errorf("cannot clean temporary objects in the %s store: %s", store.type(), e.getMessage());
        }
    }
}
