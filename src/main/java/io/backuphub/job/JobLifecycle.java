package io.backuphub.job;

import io.backuphub.artifact.Artifact;
import io.backuphub.notify.Event;
import io.backuphub.notify.Notifications;
import io.backuphub.target.Target;
import io.backuphub.target.TargetRegistry;
import io.backuphub.ops.HubMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.Exchange;
import org.apache.camel.Variable;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * A running job's bookkeeping, called from the job routes: it starts (log context, progress), proves
 * it is alive (heartbeat), and ends (catalog, metrics). Exchange variables carry the job between steps.
 */
@ApplicationScoped
@Named("jobLifecycle")
public class JobLifecycle {

    public static final String JOB = "job";
    public static final String ARTIFACT = "artifact";
    public static final String VERIFICATION = "verification";

    private static final Logger LOG = Logger.getLogger(JobLifecycle.class);

    private final JobStore jobs;
    private final HubMetrics metrics;
    private final Notifications notifications;
    private final TargetRegistry targets;
    private final RunningJobs running;
    private final HubInstance instance;
    private final Map<String, AtomicLong> progress = new ConcurrentHashMap<>();

    public JobLifecycle(JobStore jobs, HubMetrics metrics, Notifications notifications, TargetRegistry targets,
                        RunningJobs running, HubInstance instance) {
        this.jobs = jobs;
        this.metrics = metrics;
        this.notifications = notifications;
        this.targets = targets;
        this.running = running;
        this.instance = instance;
    }

    public void begin(@Variable(JOB) Job job) {
        MDC.clear();
        MDC.put("jobId", job.id());
        MDC.put("targetId", job.targetId());
        progress.put(job.id(), new AtomicLong());
        running.start(job);
        LOG.infof("%s job started (trigger %s, by %s)", job.kind().id(), job.trigger().id(), job.triggeredBy());
    }

    /** Bytes stored so far by the job, updated by the pipeline and published by {@link #heartbeat()}. */
    public AtomicLong progress(String jobId) {
        return progress.computeIfAbsent(jobId, id -> new AtomicLong());
    }

    /** Publishes progress, and stops the jobs someone asked (on any replica) to cancel. */
    public void heartbeat() {
        Instant now = Instant.now();
        progress.forEach((jobId, bytes) -> jobs.heartbeat(jobId, bytes.get(), now));
        jobs.cancelRequests(instance.id()).forEach((jobId, by) -> running.stop(jobId, "cancelled by " + by));
    }

    /**
     * Ends the job by its outcome: a backup succeeds once stored (its verification field tells the rest);
     * a verify job succeeds only if the artifact verified.
     */
    public void succeeded(@Variable(JOB) Job job, @Variable(ARTIFACT) Artifact artifact,
                          @Variable(VERIFICATION) VerificationState verification) {
        try {
            Long bytes = artifact == null ? null : artifact.bytes();
            if (job.kind() == JobKind.VERIFY && verification != VerificationState.VERIFIED) {
                String reason = "verification " + (verification == null ? "did not run" : verification.id())
                        + (artifact == null ? "" : ": " + artifact.verificationSummary());
                jobs.finish(job.id(), JobStatus.FAILED, null, null, reason, null, Instant.now());
                metrics.jobFinished(job, "failed", null);
                LOG.warnf("verify job failed: %s", reason);
                announce("verification.failed", job, "failed", reason, null);
                return;
            }
            jobs.finish(job.id(), JobStatus.SUCCEEDED, job.kind() == JobKind.BACKUP ? verification : null,
                    artifact == null ? null : artifact.id(), null, job.kind() == JobKind.BACKUP ? bytes : null, Instant.now());
            metrics.jobFinished(job, "succeeded", job.kind() == JobKind.BACKUP ? bytes : null);
            if (job.kind() == JobKind.BACKUP) {
                metrics.backupSucceeded(job.targetId(), Instant.now());
                announce("backup.succeeded", job, "succeeded", null, bytes);
                if (verification == VerificationState.VERIFY_FAILED) {
                    announce("verification.failed", job, "succeeded", "the stored backup failed verification: "
                            + (artifact == null ? "" : artifact.verificationSummary()), bytes);
                }
            }
            LOG.infof("%s job succeeded%s", job.kind().id(),
                    verification == null ? "" : " (verification " + verification.id() + ")");
        } finally {
            end(job);
        }
    }

    /**
     * The job-errors route configuration's handler: records the reason and frees the target. A job whose
     * tools were stopped ends with that reason: cancelled when someone asked, failed otherwise
     * (deadline, shutdown).
     */
    public void failed(Exchange exchange) {
        Job job = exchange.getVariable(JOB, Job.class);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = describe(cause);
        if (job == null) {
            LOG.errorf(cause, "job route failed before the job was known: %s", reason);
            return;
        }
        try {
            VerificationState verification = job.kind() == JobKind.BACKUP ? VerificationState.SKIPPED : null;
            Optional<String> stopped = running.stopReason(job.id());
            String cancelledBy = jobs.find(job.id()).map(Job::cancelRequestedBy).orElse(null);
            if (cancelledBy != null) {
                String why = "cancelled by " + cancelledBy;
                jobs.finish(job.id(), JobStatus.CANCELLED, verification, null, why, null, Instant.now());
                metrics.jobFinished(job, "cancelled", null);
                LOG.warnf("%s job %s", job.kind().id(), why);
                return;
            }
            if (stopped.isPresent()) {
                reason = "stopped: " + stopped.get() + " (then: " + reason + ")";
            }
            jobs.finish(job.id(), JobStatus.FAILED, verification, null, reason, null, Instant.now());
            metrics.jobFinished(job, "failed", null);
            LOG.errorf("%s job failed: %s", job.kind().id(), reason);
            announce(job.kind() == JobKind.BACKUP ? "backup.failed" : "verification.failed", job, "failed", reason, null);
        } finally {
            end(job);
        }
    }

    private void announce(String event, Job job, String status, String error, Long bytes) {
        String environment = targets.find(job.targetId()).map(Target::environment).orElse(null);
        notifications.publish(new Event(event, job.targetId(), environment, job.id(), status, error, bytes,
                job.durationMs(), Instant.now(), notifications.jobLink(job.id()),
                Map.of("kind", job.kind().id(), "trigger", job.trigger().id())));
    }

    private void end(Job job) {
        running.end(job.id());
        progress.remove(job.id());
        MDC.remove("jobId");
        MDC.remove("targetId");
    }

    /** The message chain without class names: "pg_dump exited with status 1: pg_dump: error: ...". */
    static String describe(Throwable t) {
        if (t == null) {
            return "unknown error";
        }
        String message = t.getMessage();
        if (message == null || message.isBlank()) {
            message = t.getClass().getSimpleName();
        }
        return message;
    }
}
