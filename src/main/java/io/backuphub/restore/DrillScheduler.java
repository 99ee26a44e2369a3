package io.backuphub.restore;

import io.backuphub.common.CronSpec;
import io.backuphub.common.HubException;
import io.backuphub.common.Ids;
import io.backuphub.job.Job;
import io.backuphub.job.JobKind;
import io.backuphub.job.JobOrder;
import io.backuphub.job.JobQueue;
import io.backuphub.job.JobTrigger;
import io.backuphub.target.Target;
import io.backuphub.target.TargetRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Instant;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Orders drills: on a target's drill cron (the queue-due-drills step of the schedule-drills route),
 * or now through the API. A drill job runs on the scratch target, so it waits for nothing but other
 * work there; the drills table says which target it is for.
 */
@ApplicationScoped
@Named("drillScheduler")
public class DrillScheduler {

    private static final Logger LOG = Logger.getLogger(DrillScheduler.class);

    @Inject TargetRegistry targets;
    @Inject DrillRepository drills;
    @Inject JobQueue queue;
    /** Before its first drill, a target's cron counts from this hub's start. */
    private final Instant started = Instant.now();

    /**
     * queue-due-drills: one drill per target whose cron fired since its last drill, unless one is
     * pending. Fires missed while the hub was down (or while a drill ran) make one drill, for the
     * newest of them, not a backlog of drills run back to back.
     */
    public int queueDue() {
        return queueDue(Instant.now());
    }

    int queueDue(Instant now) {
        int queued = 0;
        for (Target target : targets.all()) {
            Target.DrillSpec spec = target.drill();
            if (spec == null || drills.pending(target.id())) {
                continue;
            }
            Instant since = drills.newest(target.id()).map(d -> d.dueAt() != null ? d.dueAt() : d.requestedAt())
                    .orElse(started);
            Instant due = CronSpec.parse(spec.cron()).newestFire(spec.zone(), since, now);
            if (due != null && order(target, due, JobTrigger.SCHEDULE, "drill-schedule", Ids.next()) != null) {
                queued++;
            }
        }
        return queued;
    }

    /** A drill of the target now, for the API. */
    public Job requestNow(String targetId, String by) {
        return request(targetId, JobTrigger.API, by, Ids.next());
    }

    /**
     * A drill now, its job under {@code jobId} — an id the caller recorded beforehand (a Pub/Sub
     * message's): if the drill was recorded under it before the hub stopped, only its job is queued.
     */
    public Job request(String targetId, JobTrigger trigger, String by, String jobId) {
        Target target = targets.require(targetId);
        if (target.drill() != null && drills.byJob(jobId).isPresent()) {
            return enqueue(target, trigger, by, jobId);
        }
        if (target.drill() == null) {
            throw HubException.conflict("target " + target.id() + " has no drill: give it drill: {cron, scratch}"
                    + " in the targets file (scratch: a target where the hub may create and drop databases)");
        }
        if (drills.pending(target.id())) {
            throw HubException.conflict("a drill of target " + target.id() + " is already queued or running");
        }
        return order(target, null, trigger, by, jobId);
    }

    /** Records the drill, then queues its job; null when another replica recorded this fire first. */
    private Job order(Target target, Instant dueAt, JobTrigger trigger, String by, String jobId) {
        if (!drills.insert(target.id(), target.drill().scratch(), jobId, dueAt, Instant.now())) {
            return null;
        }
        return enqueue(target, trigger, by, jobId);
    }

    private Job enqueue(Target target, JobTrigger trigger, String by, String jobId) {
        String scratch = target.drill().scratch();
        Map<String, Object> options = target.drill().pitr()
                ? Map.of("source", target.id(), "mode", Target.DrillSpec.PITR)
                : Map.of("source", target.id());
        Job job = queue.enqueueAs(new JobOrder(scratch, JobKind.DRILL, options, null, trigger,
                target.id(), by, null), jobId);
        LOG.infof("drill of %s queued as job %s (into scratch target %s)", target.id(), job.id(), scratch);
        return job;
    }
}
