package io.backuphub.policy;

import java.util.List;
import java.util.Map;

/**
 * How a target's settings were decided: the policies that select it, most specific first, and where
 * each setting came from: {@code target} (its own), {@code policy:<id>}, or {@code default} (the
 * hub's). Retention set on the target or its environment through the API is the catalog's to say.
 */
public record Resolution(List<String> policies, Map<Setting, String> sources) {

    public Resolution {
        policies = List.copyOf(policies);
        sources = Map.copyOf(sources);
    }

    static final Resolution NONE = new Resolution(List.of(), Map.of());
}
