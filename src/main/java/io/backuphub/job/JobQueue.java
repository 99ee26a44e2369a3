package io.backuphub.job;

import io.backuphub.artifact.VerificationState;
import io.backuphub.common.HubInstance;
import io.backuphub.common.Ids;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Variable;
import org.jboss.logging.Logger;

/**
 * The durable job queue, kept in the catalog: queued jobs (including delayed ones) survive restarts.
 * The dispatch-jobs route calls {@link #claimDue()} on a timer and hands claimed jobs to the workers.
 */
@ApplicationScoped
@Named("jobQueue")
public class JobQueue {

    private static final Logger LOG = Logger.getLogger(JobQueue.class);
    /** The exchange variable naming the id a queued job must have. */
    public static final String JOB_ID = "jobId";

    /** What a cancel did: a queued job is cancelled at once; a running one is being stopped. */
    public enum Cancel {
        CANCELLED, STOPPING, NOT_CANCELLABLE
    }

    @Inject JobRepository jobs;
    @Inject HubInstance instance;
    @Inject JobsProperties config;
    @Inject RunningJobs running;

    void onStart(@Observes @Priority(100) StartupEvent event) {
        failAbandoned();
    }

    /** Records a queued job; it runs when its time comes and its target is free. */
    public Job enqueue(JobOrder order) {
        return enqueueAs(order, Ids.next());
    }

    /**
     * The request-backup route's step: the order queued under the job id the caller recorded beforehand
     * in the {@code jobId} variable (a Pub/Sub message's job, so a redelivered message cannot make a
     * second one: the id is the jobs table's key), or under a new id.
     */
    public Job queue(JobOrder order, @Variable(JOB_ID) String jobId) {
        return jobId == null ? enqueue(order) : enqueueAs(order, jobId);
    }

    /** The same, under an id chosen beforehand (for records that must name the job before it can run). */
    public Job enqueueAs(JobOrder order, String jobId) {
        Instant now = Instant.now();
        Job job = new Job(jobId, order.targetId(), order.kind(), JobStatus.QUEUED,
                order.kind() == JobKind.BACKUP ? VerificationState.PENDING : null, order.artifactId(), null,
                order.trigger(), order.triggerRef(), order.triggeredBy(), order.options(),
                order.runAt() == null ? now : order.runAt(), now, null, null, null, null, null, null, null, null);
        jobs.insert(job);
        LOG.infof("job %s queued: %s of %s, due %s", job.id(), job.kind().id(), job.targetId(), job.scheduledFor());
        return job;
    }

    /**
     * Records a job that runs at once inside {@code parent}, on this hub, under the target lock the
     * parent holds (a restore's safety backup): it is never queued, so no dispatcher can also start it.
     */
    public Job startInside(Job parent, JobOrder order) {
        Instant now = Instant.now();
        Job job = new Job(Ids.next(), order.targetId(), order.kind(), JobStatus.RUNNING,
                order.kind() == JobKind.BACKUP ? VerificationState.PENDING : null, order.artifactId(), null,
                order.trigger(), parent.id(), order.triggeredBy(), order.options(), now, now, now, null, null,
                instance.id(), now, null, null, null);
        jobs.insert(job);
        LOG.infof("job %s started inside job %s: %s of %s", job.id(), parent.id(), job.kind().id(), job.targetId());
        return job;
    }

    /** Claims as many due jobs as this hub has free workers, skipping targets that are busy. */
    public List<Job> claimDue() {
        int free = config.maxConcurrent() - jobs.runningOwnedBy(instance.id());
        List<Job> claimed = new ArrayList<>();
        if (free <= 0) {
            return claimed;
        }
        Instant now = Instant.now();
        for (Job job : jobs.due(now, free * 4 + 8)) {
            if (claimed.size() == free) {
                break;
            }
            if (jobs.claim(job, instance.id(), now)) {
                jobs.find(job.id()).ifPresent(claimed::add);
            }
        }
        return claimed;
    }

    /**
     * Cancels a queued job, or stops a running one: its tools are killed (here at once, on another
     * replica at its next heartbeat), its target freed, and it ends as cancelled.
     */
    public Cancel cancel(String jobId, String by) {
        if (jobs.cancel(jobId, "cancelled by " + by, Instant.now())) {
            return Cancel.CANCELLED;
        }
        if (jobs.requestCancel(jobId, by)) {
            running.stop(jobId, "cancelled by " + by);
            return Cancel.STOPPING;
        }
        return Cancel.NOT_CANCELLABLE;
    }

    /** Fails jobs left running by this hub before a restart, or by a replica whose heartbeat stopped. */
    public void failAbandoned() {
        Instant now = Instant.now();
        for (Job job : jobs.failAbandoned(instance.id(), now.minus(config.staleAfter()), now, instance.id())) {
            LOG.warnf("job %s of %s was running on %s, which stopped; marked failed", job.id(), job.targetId(),
                    job.owner());
        }
    }

    /** The abandoned-job sweep for the watch-jobs route: other replicas only, never our own live jobs. */
    public void failStale() {
        Instant now = Instant.now();
        for (Job job : jobs.failAbandoned(null, now.minus(config.staleAfter()), now, instance.id())) {
            LOG.warnf("job %s of %s stopped sending heartbeats (owner %s); marked failed", job.id(), job.targetId(),
                    job.owner());
        }
    }
}
