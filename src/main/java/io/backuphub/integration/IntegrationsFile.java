package io.backuphub.integration;

import io.backuphub.common.ConfigFiles;
import io.backuphub.common.Globs;
import io.backuphub.common.InvalidConfigException;
import io.backuphub.common.Problems;
import io.backuphub.common.SafeValues;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Reads and validates integrations.yaml, reporting every problem with its path. */
public final class IntegrationsFile {

    static final String PROBLEM = "invalid-integrations-file";
    /** The mirror's kinds of records and their default collection names. */
    public static final List<String> COLLECTIONS = List.of("backup_history", "backup_verifications", "restore_history",
            "drill_history");

    private IntegrationsFile() {
    }

    public static IntegrationsConfig load(Path file) {
        IntegrationsConfig config = ConfigFiles.read(file, IntegrationsConfig.class, PROBLEM)
                .orElse(IntegrationsConfig.empty());
        Problems problems = new Problems();
        if (config.pubsub() != null) {
            pubsub(config.pubsub(), problems.at("pubsub"));
        }
        if (config.firestore() != null) {
            firestore(config.firestore(), problems.at("firestore"));
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(PROBLEM, file.toString(), problems.messages());
        }
        return config;
    }

    private static void pubsub(IntegrationsConfig.Pubsub pubsub, Problems p) {
        SafeValues.check(p, "projectId", GoogleNames.PROJECT_ID, pubsub.projectId());
        List<IntegrationsConfig.Subscription> subscriptions = pubsub.subscriptions() == null ? List.of()
                : pubsub.subscriptions();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < subscriptions.size(); i++) {
            IntegrationsConfig.Subscription s = subscriptions.get(i);
            Problems at = p.at("subscriptions[" + i + "]");
            if (s == null) {
                at.add("must be a subscription");
                continue;
            }
            if (SafeValues.check(at, "id", SafeValues.SLUG, s.id()) && !ids.add(s.id())) {
                at.add("id", "duplicate id " + s.id());
            }
            SafeValues.check(at, "subscription", GoogleNames.PUBSUB_ID, s.subscription());
            SafeValues.check(at, "deadLetterTopic", GoogleNames.PUBSUB_ID, s.deadLetterTopic());
            Globs.check(s.allowedTargets(), "allowedTargets", at);
            Globs.check(s.allowedEnvironments(), "allowedEnvironments", at);
        }
    }

    private static void firestore(IntegrationsConfig.Firestore firestore, Problems p) {
        SafeValues.check(p, "projectId", GoogleNames.PROJECT_ID, firestore.projectId());
        if (firestore.collections() != null) {
            firestore.collections().forEach((kind, name) -> {
                if (!COLLECTIONS.contains(kind)) {
                    p.add("collections", "unknown record kind " + SafeValues.show(kind) + " (known: " + COLLECTIONS
                            + ")");
                } else {
                    SafeValues.check(p.at("collections"), kind, SafeValues.SQL_NAME, name);
                }
            });
        }
    }
}
