package io.backuphub.store;

import io.backuphub.common.HubConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Produces the configured store; GCS and S3 slot in here. */
@ApplicationScoped
public class Stores {

    @Produces
    @Singleton
    ArtifactStore store(HubConfig config) {
        String type = config.store().type();
        if (!"local".equals(type)) {
            throw new IllegalStateException("hub.store.type=" + type + " is not supported yet (supported: local)");
        }
        HubConfig.Store.Local local = config.store().local();
        return new LocalFileStore(local.dir().orElse(config.data().dir().resolve("backups")), local.reserveBytes());
    }
}
