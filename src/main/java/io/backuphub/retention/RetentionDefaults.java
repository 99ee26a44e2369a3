package io.backuphub.retention;

import io.backuphub.target.Target;
import java.util.Optional;

/**
 * Retention a target takes from outside the catalog: the policies file (docs/policies.md). Between a
 * target's own policy and its environment's in {@link RetentionPolicyRepository#effective}.
 */
public interface RetentionDefaults {

    /** A policy and where it comes from, e.g. {@code policy:gold}. */
    record Sourced(RetentionPolicy policy, String source) {
    }

    Optional<Sourced> retention(Target target);
}
