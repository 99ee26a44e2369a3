package io.backuphub.engine;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.Map;
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

    public Engine get(String name) {
        Engine engine = byName.get(name);
        if (engine == null) {
            throw new IllegalArgumentException("unknown engine " + name);
        }
        return engine;
    }
}
