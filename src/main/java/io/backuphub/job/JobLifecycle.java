package io.backuphub.job;

import io.backuphub.artifact.Artifact;
import io.backuphub.artifact.VerificationState;
import io.backuphub.common.FailureCause;
import io.backuphub.common.HubInstance;
import io.backuphub.engine.Engines;
import io.backuphub.target.Target;
import io.backuphub.target.TargetRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Instant;
import java.util.Optional;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Variable;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * A job's begin and end, called from the job routes: it starts (log context, its running state in
 * {@link RunningJobs}), proves it is alive (heartbeat), and ends (catalog, then a {@link JobFinished}
 * event). Exchange variables carry the job between steps.
 */
@ApplicationScoped
@Named("jobLifecycle")
public class JobLifecycle {

    public static final String JOB = "job";
    public static final String ARTIFACT = "artifact";
    /** Why a backup is partial: the stores that hold no copy of it, and why (note-missing-copies). */
    public static final String PARTIAL = "partial";

    private static final Logger LOG = Logger.getLogger(JobLifecycle.class);

    @Inject JobRepository jobs;
    @Inject RunningJobs running;
    @Inject TargetRegistry targets;
    @Inject Engines engines;
    @Inject HubInstance instance;
    @Inject Event<JobFinished> finished;

    public void begin(@Variable(JOB) Job job) {
        MDC.clear();
        MDC.put("jobId", job.id());
        MDC.put("targetId", job.targetId());
        running.start(job);
        LOG.infof("%s job started (trigger %s, by %s)", job.kind().id(), job.trigger().id(), job.triggeredBy());
    }

    /** Publishes progress, and stops the jobs someone asked (on any replica) to cancel. */
    public void heartbeat() {
        Instant now = Instant.now();
        running.progressOfAll().forEach((jobId, bytes) -> jobs.heartbeat(jobId, bytes, now));
        jobs.cancelRequests(instance.id()).forEach((jobId, by) -> running.stop(jobId, "cancelled by " + by));
    }

    /**
     * Ends the job by its outcome, which it answers for the announce step: a backup succeeds once stored
     * (its verification field tells the rest), or is partial when a store it names holds no copy; a
     * verify job succeeds only if the artifact verified.
     */
    public JobFinished succeeded(@Variable(JOB) Job job, @Variable(ARTIFACT) Artifact artifact,
            @Variable(PARTIAL) String partial) {
        try {
            String summary = artifact == null ? null : artifact.verificationSummary();
            VerificationState verification = artifact != null && (job.kind() == JobKind.BACKUP
                    || job.kind() == JobKind.VERIFY) ? artifact.verification() : null;
            if (job.kind() == JobKind.VERIFY && verification != VerificationState.VERIFIED) {
                String reason = "verification " + (verification == null ? "did not run" : verification.id())
                        + (summary == null ? "" : ": " + summary);
                LOG.warnf("verify job failed: %s", reason);
                return finish(job, JobStatus.FAILED, verification, summary, null, reason, null);
            }
            Long bytes = switch (job.kind()) {
                case BACKUP -> artifact == null ? null : artifact.bytes();
                case RESTORE, DRILL, REPLICATE -> running.progress(job.id()).get();
                case VERIFY -> null;
            };
            JobStatus status = partial == null ? JobStatus.SUCCEEDED : JobStatus.PARTIAL;
            LOG.infof("%s job %s%s%s", job.kind().id(), status.id(),
                    verification == null ? "" : " (verification " + verification.id() + ")",
                    partial == null ? "" : ": " + partial);
            return finish(job, status, verification, summary, artifact == null ? null : artifact.id(), partial, bytes);
        } finally {
            end(job);
        }
    }

    /**
     * The job-errors route configuration's handler: records the reason and frees the target, and answers
     * the outcome for the announce step (null when the job was not known yet). A job whose tools were
     * stopped ends with that reason: cancelled when someone asked, failed otherwise (deadline, shutdown).
     */
    public JobFinished failed(Exchange exchange) {
        Job job = exchange.getVariable(JOB, Job.class);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = describe(cause);
        if (job == null) {
            LOG.errorf(cause, "job route failed before the job was known: %s", reason);
            return null;
        }
        try {
            String why = reason;
            running.undos(job.id()).forEach(undo -> undo.accept(why));
            VerificationState verification = job.kind() == JobKind.BACKUP ? VerificationState.SKIPPED : null;
            String cancelledBy = jobs.find(job.id()).map(Job::cancelRequestedBy).orElse(null);
            if (cancelledBy != null) {
                LOG.warnf("%s job cancelled by %s", job.kind().id(), cancelledBy);
                return finish(job, JobStatus.CANCELLED, verification, null, null, "cancelled by " + cancelledBy, null);
            }
            Optional<String> stopped = running.stopReason(job.id());
            if (stopped.isPresent()) {
                reason = "stopped: " + stopped.get() + " (then: " + reason + ")";
            }
            LOG.errorf("%s job failed: %s", job.kind().id(), reason);
            return finish(job, JobStatus.FAILED, verification, null, null, reason, null);
        } finally {
            end(job);
        }
    }

    /** Records the end in the catalog, which frees the target. */
    private JobFinished finish(Job job, JobStatus status, VerificationState verification, String summary,
            String artifactId, String error, Long bytes) {
        jobs.finish(job.id(), status, job.kind() == JobKind.BACKUP ? verification : null, artifactId, error,
                status == JobStatus.CANCELLED ? null : cause(job, error).orElse(null), bytes, Instant.now());
        return new JobFinished(job, status, verification, summary, error, bytes);
    }

    /** What the error means, by the rules of the target's engine, its transport and the stores. */
    private Optional<FailureCause> cause(Job job, String error) {
        try {
            String engine = targets.find(job.targetId()).map(Target::engine).orElse(null);
            return engines.explain(engine, job.targetId(), error);
        } catch (RuntimeException e) { // an explanation must never keep a job from ending
            LOG.warnf("no cause for the error of job %s: %s", job.id(), e.getMessage());
            return Optional.empty();
        }
    }

    /** announce-*-outcome: tells whoever observes (notifications, metrics) how the job ended (the body). */
    public void announce(@Body JobFinished outcome) {
        if (outcome != null) {
            finished.fire(outcome);
        }
    }

    private void end(Job job) {
        running.end(job.id());
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
