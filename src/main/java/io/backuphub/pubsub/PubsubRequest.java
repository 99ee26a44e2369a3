package io.backuphub.pubsub;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * A Pub/Sub message asking for a job: a backup — the API's body (POST /api/v1/targets/{id}/backups)
 * plus the target, e.g. {@code {"targetId":"orders","delay":"PT10M","options":{"schemas":["public"]}}}
 * — or, with {@code "action":"drill"}, a restore drill of the target now (POST
 * /api/v1/targets/{id}/drills: no timing, no options).
 */
public record PubsubRequest(String action, String targetId, Duration delay, Instant runAt,
        Map<String, Object> options) {

    public static final String BACKUP = "backup";
    public static final String DRILL = "drill";

    public boolean drill() {
        return DRILL.equals(action);
    }
}
