package io.backuphub.target;

import io.backuphub.common.InvalidConfigException;
import io.backuphub.store.StoreRegistry;
import io.quarkus.arc.All;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The declared targets. Loaded at start (an invalid file stops the hub with every problem listed)
 * and on reload (an invalid file is rejected and the targets in use stay as they were).
 */
@ApplicationScoped
public class TargetRegistry {

    private static final Logger LOG = Logger.getLogger(TargetRegistry.class);

    private final Path file;
    private final TargetsFile parser;
    private final Instance<TargetDefaults> defaults;
    private final Event<TargetsLoaded> loadedEvent;
    private volatile Map<String, Target> targets = Map.of();

    public TargetRegistry(TargetsProperties config, @All List<EngineCheck> engines, StoreRegistry stores,
            Instance<TargetDefaults> defaults, Event<TargetsLoaded> loadedEvent) {
        this.file = config.file();
        this.defaults = defaults;
        this.loadedEvent = loadedEvent;
        this.parser = new TargetsFile(engines.stream().collect(Collectors.toMap(EngineCheck::name, e -> e, (a, b) -> a,
                TreeMap::new)), stores.all().keySet());
    }

    void onStart(@Observes @Priority(10) StartupEvent event) {
        reload();
    }

    /**
     * Re-reads the file, and the defaults its targets take (policies); throws {@link InvalidConfigException}
     * and keeps the current targets and defaults if either is invalid.
     */
    public synchronized Collection<Target> reload() {
        Map<String, Target> loaded;
        TargetDefaults.Candidate candidate = TargetDefaults.NONE;
        try {
            candidate = defaults.isResolvable() ? defaults.get().read() : TargetDefaults.NONE;
            loaded = parser.load(file, candidate);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read targets file " + file + ": " + e.getMessage(), e);
        } catch (InvalidConfigException e) {
            LOG.errorf("targets not (re)loaded, %s", e.getMessage());
            throw e;
        }
        targets = loaded;
        candidate.use();
        LOG.infof("loaded %d target(s) from %s: %s", loaded.size(), file, loaded.keySet());
        loadedEvent.fire(new TargetsLoaded(loaded.size()));
        return loaded.values();
    }

    public Path file() {
        return file;
    }

    public Collection<Target> all() {
        return targets.values();
    }

    public Optional<Target> find(String id) {
        return Optional.ofNullable(id == null ? null : targets.get(id));
    }

    public Target require(String id) {
        return find(id).orElseThrow(() -> new UnknownTargetException(id));
    }
}
