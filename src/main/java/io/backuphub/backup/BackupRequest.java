package io.backuphub.backup;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Body of POST /api/v1/targets/{id}/backups: {@code {}} for now, {@code {"delay":"PT10M"}} or
 * {@code {"runAt":"2026-12-01T02:00:00Z"}} for later (1 minute to 30 days ahead), optional engine
 * options such as {@code {"options":{"schemas":["public"]}}}, and the kind of backup: {@code dump}
 * (the default) or {@code base} (a PostgreSQL base backup for point-in-time recovery, docs/pitr.md).
 */
public record BackupRequest(Duration delay, Instant runAt, Map<String, Object> options, String kind) {

    public BackupRequest(Duration delay, Instant runAt, Map<String, Object> options) {
        this(delay, runAt, options, null);
    }
}
