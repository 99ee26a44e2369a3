package io.backuphub.store;

import io.backuphub.common.HubConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import org.jboss.logging.Logger;

/**
 * Removes partial writes left by interrupted backups: never one this hub is writing, and only once
 * untouched for hub.store.abandoned-after (another replica may be writing it).
 */
@ApplicationScoped
@Named("storeJanitor")
public class StoreJanitor {

    private static final Logger LOG = Logger.getLogger(StoreJanitor.class);

    @Inject StoreRegistry stores;
    @Inject HubConfig config;

    void onStart(@Observes StartupEvent event) {
        removePartialWrites();
    }

    public void removePartialWrites() {
        stores.all().forEach((id, store) -> {
            try {
                int removed = store.removePartialWrites(config.store().abandonedAfter());
                if (removed > 0) {
                    LOG.warnf("removed %d partial write(s) left by interrupted backups in store %s", removed, id);
                }
            } catch (IOException e) {
                LOG.errorf("cannot remove partial writes in store %s: %s", id, e.getMessage());
            }
        });
    }
}
