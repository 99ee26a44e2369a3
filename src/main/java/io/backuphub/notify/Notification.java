package io.backuphub.notify;

import java.time.Instant;

/** One message for one channel, as the outbox holds it. */
public record Notification(String id, String event, String targetId, String channelId, String channelType,
        String payload, String status, String digestKey, int attempts, Instant nextAttemptAt,
        String lastError, Instant createdAt, Instant deliveredAt) {
}
