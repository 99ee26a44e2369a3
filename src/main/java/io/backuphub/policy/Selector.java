package io.backuphub.policy;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.backuphub.target.Target;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which targets a policy is for: all of the criteria given must hold (its environment, its engine, and
 * each label with that value). No criteria selects every target. The more criteria, the more specific.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Selector(String environment, String engine, Map<String, String> labels) {

    public Selector {
        labels = labels == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
    }

    public boolean selects(Target target) {
        return (environment == null || environment.equals(target.environment()))
                && (engine == null || engine.equals(target.engine()))
                && labels.entrySet().stream().allMatch(l -> l.getValue().equals(target.labels().get(l.getKey())));
    }

    /** How many criteria it has: of two policies setting the same value, the one with more wins. */
    @JsonIgnore
    public int specificity() {
        return (environment == null ? 0 : 1) + (engine == null ? 0 : 1) + labels.size();
    }
}
