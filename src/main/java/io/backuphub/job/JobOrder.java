package io.backuphub.job;

import java.time.Instant;
import java.util.Map;

/** A validated request for a job: what, on which target, when, and who asked. */
public record JobOrder(String targetId, JobKind kind, Map<String, Object> options, Instant runAt, JobTrigger trigger,
        String triggerRef, String triggeredBy, String artifactId) {
}
