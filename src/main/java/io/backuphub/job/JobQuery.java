package io.backuphub.job;

import java.time.Instant;

/** Filters of GET /api/v1/jobs; {@code after} is the cursor (the last id of the previous page). */
public record JobQuery(String targetId, JobStatus status, JobKind kind, Instant from, Instant to, int limit,
                       String after) {
}
