package io.backuphub.backup;

import io.backuphub.catalog.CatalogIdentity;
import io.backuphub.notify.Event;
import io.backuphub.notify.EventType;
import io.backuphub.notify.Notifications;
import io.backuphub.store.ArtifactStore;
import io.backuphub.store.StoreMarker;
import io.backuphub.store.StoreRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Each store's state, for people rather than for the load balancer: a store that cannot be written is
 * a store to fix, not a reason to take the hub out of service (readiness is the catalog's). The
 * check-stores route proves each store writable right after start and every hub.store.check-interval;
 * the state goes to the catalog, and a store going down (or coming back) is announced once across
 * replicas as {@code store.unavailable} ({@code store.available}). The first time a store is seen
 * writable its marker is read, or written when it has none: a store first used by another catalog is
 * shared, which the log, health, the API and the dashboard say.
 */
@ApplicationScoped
@Named("storeWatch")
public class StoreWatch {

    private static final Logger LOG = Logger.getLogger(StoreWatch.class);

    /** What people see of a store: its state, why, since when, and the other catalog it is shared with. */
    public record StoreState(String storeId, String type, String state, String reason, Instant since,
            Instant checkedAt, String sharedWithCatalog) {

        public boolean up() {
            return "up".equals(state);
        }
    }

    private final StoreRegistry stores;
    private final StoreStateRepository states;
    private final CatalogIdentity catalog;
    private final Notifications notifications;
    private final String hubVersion;
    /** The catalog each store's marker names, once read (or written): store id -> catalog id. */
    private final Map<String, String> markers = new ConcurrentHashMap<>();

    public StoreWatch(StoreRegistry stores, StoreStateRepository states, CatalogIdentity catalog,
            Notifications notifications,
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String hubVersion) {
        this.stores = stores;
        this.states = states;
        this.catalog = catalog;
        this.notifications = notifications;
        this.hubVersion = hubVersion;
    }

    /** Reads the store's marker, or writes this catalog's into a store that has none; once per process. */
    private void mark(String storeId, ArtifactStore store) {
        if (markers.containsKey(storeId)) {
            return;
        }
        try {
            Optional<StoreMarker> marker = StoreMarker.read(store);
            if (marker.isEmpty()) {
                new StoreMarker(catalog.id(), Instant.now(), hubVersion).write(store);
                LOG.infof("store %s: marked as first used by catalog %s", storeId, catalog.id());
                markers.put(storeId, catalog.id());
                return;
            }
            if (!catalog.id().equals(marker.get().catalogId())) {
                LOG.warnf("store %s is shared with catalog %s (it used the store first, from %s): this hub keeps to"
                        + " its own backups there and deletes nothing of the other's", storeId,
                        marker.get().catalogId(), marker.get().firstUsedAt());
            }
            markers.put(storeId, marker.get().catalogId());
        } catch (IOException | RuntimeException e) {
            LOG.warnf("store %s: cannot read or write its marker now (%s); tried again at the next check", storeId,
                    e.getMessage());
        }
    }

    /**
     * The check-stores route's step: every store proved writable now (its marker read the first time),
     * its state recorded, changes announced.
     */
    public void check() {
        stores.all().forEach((storeId, store) -> {
            String reason = null;
            try {
                store.checkWritable();
                mark(storeId, store);
            } catch (IOException | RuntimeException e) {
                reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            }
            try {
                Instant now = Instant.now();
                boolean up = reason == null;
                Optional<StoreStateRepository.State> changed = states.record(storeId, up, reason, now);
                if (changed.isPresent()) {
                    announce(storeId, store, up, reason, now);
                }
            } catch (RuntimeException e) {
                LOG.errorf("cannot record the state of store %s: %s", storeId, e.getMessage());
            }
        });
    }

    private void announce(String storeId, ArtifactStore store, boolean up, String reason, Instant now) {
        if (up) {
            LOG.infof("store %s can be written again", storeId);
        } else {
            LOG.errorf("store %s cannot be written: %s", storeId, reason);
        }
        notifications.publish(Event.of(up ? EventType.STORE_AVAILABLE : EventType.STORE_UNAVAILABLE, null, null)
                .status(up ? "available" : "unavailable").error(up ? null : "store " + storeId + ": " + reason)
                .at(now).detail(Map.of("store", storeId, "type", store.type())).build());
    }

    /** Every store's state as last checked (by any replica), with the catalog it is shared with. */
    public List<StoreState> states() {
        Map<String, StoreStateRepository.State> recorded = states.all();
        List<StoreState> all = new ArrayList<>();
        String own = catalog.id();
        stores.all().forEach((storeId, store) -> {
            StoreStateRepository.State s = recorded.get(storeId);
            String marker = markers.get(storeId);
            all.add(new StoreState(storeId, store.type(), s == null ? "unknown" : s.up() ? "up" : "down",
                    s == null ? "not checked yet" : s.reason(), s == null ? null : s.changedAt(),
                    s == null ? null : s.checkedAt(), marker == null || marker.equals(own) ? null : marker));
        });
        return all;
    }
}
