package io.backuphub.engine;

import io.backuphub.common.FailureCause;
import io.backuphub.common.FailureRules;
import io.backuphub.store.StoreFailures;
import io.backuphub.transport.TransportFailures;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Every engine bean, by its name in targets.yaml. */
@ApplicationScoped
public class Engines {

    private final Map<String, Engine> byName = new TreeMap<>();

    public Engines(Instance<Engine> engines) {
        engines.forEach(engine -> byName.put(engine.name(), engine));
    }

    public Map<String, Engine> all() {
        return Map.copyOf(byName);
    }

    /**
     * The plain cause of a job's error, if a rule knows it: the engine's own rules first, then the
     * transport's and the stores'.
     */
    public Optional<FailureCause> explain(String engine, String targetId, String error) {
        Engine known = engine == null ? null : byName.get(engine); // a target removed since: transport rules only
        return explain(known == null ? FailureRules.NONE : known.failures(), targetId, error);
    }

    static Optional<FailureCause> explain(FailureRules engineRules, String targetId, String error) {
        return engineRules.then(TransportFailures.RULES).then(StoreFailures.RULES).explain(error, targetId);
    }

    public Engine get(String name) {
        Engine engine = byName.get(name);
        if (engine == null) {
            throw new IllegalArgumentException("unknown engine " + name);
        }
        return engine;
    }
}
