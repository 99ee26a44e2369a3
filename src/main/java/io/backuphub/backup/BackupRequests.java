package io.backuphub.backup;

import io.backuphub.artifact.Artifact;
import io.backuphub.common.Problems;
import io.backuphub.common.SafeValues;
import io.backuphub.engine.Engines;
import io.backuphub.job.JobKind;
import io.backuphub.job.JobOrder;
import io.backuphub.job.JobTrigger;
import io.backuphub.target.Target;
import io.backuphub.target.TargetRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The request-backup route's validation: target, timing and engine options, all checked before anything runs. */
@ApplicationScoped
@Named("backupRequests")
public class BackupRequests {

    public static final Duration MIN_DELAY = Duration.ofMinutes(1);
    public static final Duration MAX_DELAY = Duration.ofDays(30);
    /** Clock skew forgiven on runAt, so "one minute from now" computed by a client is not refused. */
    private static final Duration SKEW = Duration.ofSeconds(10);

    @Inject TargetRegistry targets;
    @Inject Engines engines;
    private final Clock clock = Clock.systemUTC();

    /** The request-backup route's step: a call from any trigger becomes a validated order. */
    public JobOrder validate(BackupCall call) {
        return validate(call.targetId(), call.request(), call.trigger(), call.triggerRef(), call.actor());
    }

    /** A backup order for {@code targetId}, or an {@link ApiException} that says what is wrong. */
    public JobOrder validate(String targetId, BackupRequest request, JobTrigger trigger, String triggerRef,
            String actor) {
        Target target = targets.require(targetId);
        Problems problems = new Problems();
        Instant now = clock.instant();
        Instant runAt = null;
        if (request.delay() != null && request.runAt() != null) {
            problems.add("give delay or runAt, not both");
        } else if (request.delay() != null) {
            Duration delay = request.delay();
            if (delay.compareTo(MIN_DELAY) < 0 || delay.compareTo(MAX_DELAY) > 0) {
                problems.add("delay", "must be between PT1M and P30D, not " + delay);
            }
            runAt = now.plus(delay);
        } else if (request.runAt() != null) {
            runAt = request.runAt();
            if (runAt.isBefore(now.plus(MIN_DELAY).minus(SKEW)) || runAt.isAfter(now.plus(MAX_DELAY).plus(SKEW))) {
                problems.add("runAt", "must be 1 minute to 30 days from now (" + now + "), not " + runAt);
            }
        }
        Map<String, Object> asked = new LinkedHashMap<>(request.options() == null ? Map.of() : request.options());
        if (request.kind() != null && !Artifact.DUMP.equals(request.kind())) {
            if (!Artifact.BASE.equals(request.kind())) {
                problems.add("kind", "must be dump or base, not " + SafeValues.show(request.kind()));
            } else if (!target.pitrOn()) {
                problems.add("kind", "a base backup is for point-in-time recovery: target " + target.id()
                        + " has no pitr: {enabled: true} (docs/pitr.md)");
            } else {
                asked.put("kind", Artifact.BASE);
            }
        }
        Map<String, Object> options = asked.isEmpty() ? Map.of()
                : engines.get(target.engine()).validateOptions(asked, problems.at("options"));
        problems.throwIfAny();
        return new JobOrder(target.id(), JobKind.BACKUP, options, runAt, trigger, triggerRef, actor, null);
    }
}
