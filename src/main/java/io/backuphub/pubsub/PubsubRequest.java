package io.backuphub.pubsub;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A Pub/Sub message asking for a backup: the API's body (POST /api/v1/targets/{id}/backups) plus the
 * target, e.g. {@code {"targetId":"orders","delay":"PT10M","options":{"schemas":["public"]}}}.
 */
public record PubsubRequest(String targetId, Duration delay, Instant runAt, Map<String, Object> options) {
}
