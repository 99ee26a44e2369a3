package io.backuphub.integration;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * integrations.yaml: the Google Cloud services the hub talks to besides its stores — Pub/Sub
 * subscriptions whose messages ask for jobs, and the Firestore history mirror. A section left out is
 * off.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IntegrationsConfig(Pubsub pubsub, Firestore firestore) {

    public static IntegrationsConfig empty() {
        return new IntegrationsConfig(null, null);
    }

    public List<Subscription> subscriptions() {
        return pubsub == null || pubsub.subscriptions() == null ? List.of() : pubsub.subscriptions();
    }

    /** Pub/Sub: the project the subscriptions (and dead-letter topics) live in, and the subscriptions. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Pubsub(String projectId, List<Subscription> subscriptions) {
    }

    /**
     * One subscription whose messages are job requests: which targets and environments its publishers
     * may name (ids or globs; absent = any), and the topic a message that cannot be a job goes to.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Subscription(String id, String subscription, List<String> allowedTargets,
            List<String> allowedEnvironments, String deadLetterTopic) {
    }

    /** The Firestore mirror: the project, and the collection name for each kind of record (defaults apply). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Firestore(String projectId, String databaseId, Map<String, String> collections) {
    }
}
