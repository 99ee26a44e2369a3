package io.backuphub.auth;

import io.backuphub.common.Globs;
import java.util.List;

/**
 * Which targets a principal reaches: target ids matching one of {@code targets} (globs such as
 * {@code shop-*}) and in one of {@code environments}. An empty list does not narrow; both empty is
 * every target.
 */
public record Scope(List<String> targets, List<String> environments) {

    public static final Scope ALL = new Scope(List.of(), List.of());

    public Scope {
        targets = targets == null ? List.of() : List.copyOf(targets);
        environments = environments == null ? List.of() : List.copyOf(environments);
    }

    public boolean isAll() {
        return targets.isEmpty() && environments.isEmpty();
    }

    /** Whether the target {@code targetId}, of {@code environment} (null when unknown), is in scope. */
    public boolean covers(String targetId, String environment) {
        return (targets.isEmpty() || Globs.anyMatches(targets, targetId))
                && (environments.isEmpty() || environments.contains(environment));
    }

    /**
     * Whether everything {@code other} reaches, this scope reaches too, as far as can be told from the
     * lists: each of its patterns is one of ours or a target id one of ours matches, its environments
     * are ours. What one principal hands on (a key it creates) may never reach further than itself.
     */
    public boolean contains(Scope other) {
        if (isAll()) {
            return true;
        }
        boolean targetsWithin = targets.isEmpty() || (!other.targets.isEmpty() && other.targets.stream()
                .allMatch(t -> targets.contains(t) || (!t.contains("*") && Globs.anyMatches(targets, t))));
        boolean environmentsWithin = environments.isEmpty()
                || (!other.environments.isEmpty() && environments.containsAll(other.environments));
        return targetsWithin && environmentsWithin;
    }

    @Override
    public String toString() {
        return isAll() ? "all targets"
                : (targets.isEmpty() ? "" : "targets " + String.join(", ", targets))
                        + (targets.isEmpty() || environments.isEmpty() ? "" : " in ")
                        + (environments.isEmpty() ? "" : "environments " + String.join(", ", environments));
    }
}
