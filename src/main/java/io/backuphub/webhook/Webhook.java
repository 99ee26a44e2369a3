package io.backuphub.webhook;

import io.backuphub.common.Globs;
import io.backuphub.common.HookSignature;
import java.time.Instant;
import java.util.List;

/** A CI pipeline's right to ask for backups, scoped to actions, targets and environments. */
public record Webhook(String id, String name, List<String> allowedActions, List<String> allowedTargets,
        List<String> allowedEnvironments, int ratePerHour, boolean enabled, Instant createdAt,
        String createdBy, HookSignature.Scheme signatureScheme) {

    public static final List<String> ACTIONS = List.of("backup");

    public boolean allowsAction(String action) {
        return allowedActions.contains(action);
    }

    public boolean allowsTarget(String targetId) {
        return Globs.anyMatches(allowedTargets, targetId);
    }

    public boolean allowsEnvironment(String environment) {
        return Globs.anyMatches(allowedEnvironments, environment);
    }
}
