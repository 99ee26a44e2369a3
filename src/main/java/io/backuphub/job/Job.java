package io.backuphub.job;

import io.backuphub.artifact.VerificationState;
import io.backuphub.common.FailureCause;
import java.time.Instant;
import java.util.Map;

/**
 * One run of backup or verify, as the catalog records it; {@code cancelRequestedBy} while a cancel is
 * under way; {@code cause} what a failure means, when a rule knows ({@code error} is the tool's own text);
 * {@code result} what the job made for the person who asked, when it says (a recovery's server).
 */
public record Job(
        String id,
        String targetId,
        JobKind kind,
        JobStatus status,
        VerificationState verification,
        String artifactId,
        String error,
        JobTrigger trigger,
        String triggerRef,
        String triggeredBy,
        Map<String, Object> options,
        Instant scheduledFor,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        Long bytes,
        String owner,
        Instant heartbeatAt,
        String cancelRequestedBy,
        FailureCause cause,
        Map<String, Object> result) {

    /** One of the job's options as text (a restore's {@code mode}...), or null. */
    public String option(String name) {
        Object value = options == null ? null : options.get(name);
        return value == null ? null : value.toString();
    }

    public Long durationMs() {
        if (startedAt == null) {
            return null;
        }
        Instant end = finishedAt != null ? finishedAt : Instant.now();
        return end.toEpochMilli() - startedAt.toEpochMilli();
    }
}
