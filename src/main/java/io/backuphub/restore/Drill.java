package io.backuphub.restore;

import java.time.Instant;
import java.util.List;

/**
 * One restore drill of a target, as the catalog records it. {@code rtoSeconds}: restore plus check;
 * {@code rpoSeconds}: the drill's start minus the start of the backup it restored;
 * {@code worstGapSeconds}: the largest gap between verified backups of the target over the 30 days
 * before the drill (and from the last of them to the drill). Every field is in the JSON, null when
 * not known (yet), so scripts can rely on the names.
 */
public record Drill(String id, String targetId, String scratchTargetId, String jobId, String artifactId,
        String status, Instant dueAt, Instant requestedAt, Instant startedAt, Instant finishedAt, Double rtoSeconds,
        Long rpoSeconds, Long worstGapSeconds, List<String> differences, String error) {

    public boolean succeeded() {
        return "succeeded".equals(status);
    }
}
