package io.backuphub.webhook;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Correctly signed deliveries a webhook refused (a target or action out of its scope, a bad body): they
 * count toward the webhook's hourly rate like accepted ones, so a leaked secret cannot make the hub
 * refuse requests without end. Kept in memory, per replica, at most a rate's worth per webhook.
 */
@ApplicationScoped
class RefusedDeliveries {

    private final Map<String, Deque<Instant>> byWebhook = new ConcurrentHashMap<>();

    void add(String webhookId, Instant at, int keep) {
        Deque<Instant> times = byWebhook.computeIfAbsent(webhookId, id -> new ArrayDeque<>());
        synchronized (times) {
            times.addLast(at);
            while (times.size() > Math.max(1, keep)) {
                times.removeFirst();
            }
        }
    }

    /** The refusals of the webhook at or after {@code from}, oldest first. */
    List<Instant> since(String webhookId, Instant from) {
        Deque<Instant> times = byWebhook.get(webhookId);
        if (times == null) {
            return List.of();
        }
        synchronized (times) {
            return times.stream().filter(t -> !t.isBefore(from)).toList();
        }
    }
}
