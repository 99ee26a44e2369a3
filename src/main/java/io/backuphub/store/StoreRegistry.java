package io.backuphub.store;

import io.backuphub.common.HubProperties;
import io.backuphub.store.gcs.GcsSettings;
import io.backuphub.store.gcs.GcsStore;
import io.backuphub.store.s3.S3Settings;
import io.backuphub.store.s3.S3Store;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Every store by id: the built-in {@code local} store (hub.store.local.dir, by default
 * ${hub.data.dir}/backups) and those of config/stores.yaml. Artifacts record the id of the store that
 * holds them; a target writes to the stores it names (all at once), or the default one. An invalid stores file stops
 * the hub with every problem listed; a store that cannot be set up (missing credentials) is
 * registered as unavailable, so the health check and every use say why.
 */
@ApplicationScoped
public class StoreRegistry {

    private static final Logger LOG = Logger.getLogger(StoreRegistry.class);

    private final Map<String, ArtifactStore> stores;
    private final String defaultId;

    public StoreRegistry(StoreProperties config, HubProperties hub) {
        StoresFile.Declarations declared = StoresFile.read(config.stores().file());
        Map<String, ArtifactStore> all = new LinkedHashMap<>();
        StoreProperties.Store.Local local = config.store().local();
        all.put(StoresFile.BUILT_IN, new LocalFileStore(local.dir().orElse(hub.data().dir().resolve("backups")),
                local.reserveBytes()));
        declared.stores().values().forEach(store -> all.put(store.id(), open(store)));
        this.stores = Collections.unmodifiableMap(all);
        this.defaultId = declared.defaultStore();
        LOG.infof("stores: %s (default %s)", stores.keySet(), defaultId);
    }

    private static ArtifactStore open(StoresFile.Declared declared) {
        try {
            if (declared.settings() instanceof StoresFile.LocalSettings local) {
                return new LocalFileStore(Path.of(local.path()),
                        local.reserveBytes() == null ? 0 : local.reserveBytes());
            }
            if (declared.settings() instanceof GcsSettings gcs) {
                return new GcsStore(gcs);
            }
            return new S3Store((S3Settings) declared.settings());
        } catch (IOException | RuntimeException e) {
            LOG.errorf("store %s (%s) is unavailable: %s", declared.id(), declared.type(), e.getMessage());
            return new UnavailableStore(declared.type(), "store " + declared.id() + " is unavailable: "
                    + e.getMessage());
        }
    }

    /** The store with this id; throws when none is declared (any more). */
    public ArtifactStore get(String id) throws IOException {
        ArtifactStore store = stores.get(id);
        if (store == null) {
            throw new IOException("store " + id + " is not declared in the stores file (any more)");
        }
        return store;
    }

    /** The ids of the stores a target writes to: those it names, else the default store. */
    public List<String> idsFor(List<String> targetStores) {
        return targetStores == null || targetStores.isEmpty() ? List.of(defaultId) : targetStores;
    }

    /** Every store by id, the built-in local one first. */
    public Map<String, ArtifactStore> all() {
        return stores;
    }

    public String defaultId() {
        return defaultId;
    }
}
