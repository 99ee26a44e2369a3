package io.backuphub.api;

import io.backuphub.auth.Permission;
import io.backuphub.backup.BackupRequest;
import io.backuphub.common.HubException;
import io.backuphub.common.Ids;
import io.backuphub.common.SafeValues;
import io.backuphub.job.Job;
import io.backuphub.job.JobKind;
import io.backuphub.job.JobQueue;
import io.backuphub.job.JobRepository;
import io.backuphub.job.JobSort;
import io.backuphub.job.JobStatus;
import io.backuphub.job.JobTrigger;
import io.backuphub.job.RunningJobs;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** Job status, history with cursor pagination, progress (also as server-sent events), cancelling. */
@Path("/api/v1")
public class JobsResource {

    static final Pattern ID = Pattern.compile("[0-9a-z]{26}");
    /** A cursor of a sorted list: the last job's sort key, a newline, its id. */
    private static final Pattern SORTED_AFTER = Pattern.compile("[A-Za-z0-9_.-]{0,100}\n[0-9a-z]{26}");

    @Inject JobRepository jobs;
    @Inject JobQueue queue;
    @Inject Caller caller;
    @Inject RunningJobs running;
    @Inject TargetsResource targets;
    @Inject ArtifactsResource artifacts;
    @Inject DrillsResource drills;

    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(1);

    @Requires(Permission.BACKUP_VIEW)
    @GET
    @Path("jobs")
    @Operation(summary = "Jobs, newest first, with cursor pagination")
    public Page<Views.JobView> list(@QueryParam("targetId") String targetId,
            @Parameter(schema = @Schema(enumeration = {"queued", "running", "succeeded", "partial",
                    "failed", "cancelled"})) @QueryParam("status") JobStatus status,
            @Parameter(schema = @Schema(enumeration = {"backup", "verify", "restore",
                    "drill", "replicate"})) @QueryParam("kind") JobKind kind,
            @Parameter(schema = @Schema(enumeration = {"api", "schedule", "webhook", "system", "pubsub",
                    "restore"})) @QueryParam("trigger") JobTrigger trigger,
            @Parameter(description = "ISO-8601 instant") @QueryParam("from") Instant from,
            @Parameter(description = "ISO-8601 instant") @QueryParam("to") Instant to,
            @Parameter(description = "1..500, default 50") @QueryParam("limit") Integer limit,
            @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor") String cursor,
            @Parameter(description = "created (default -created: newest first), target, status, kind or size;"
                    + " a leading - for descending") @QueryParam("sort") String sort) {
        int size = Page.limit(limit);
        JobSort.Order order = JobSort.Order.parse(sort);
        String after = Cursor.decode(cursor, order.by() == JobSort.CREATED ? ID : SORTED_AFTER);
        String afterId = after == null ? null : after.substring(after.lastIndexOf('\n') + 1);
        String afterKey = after == null || order.by() == JobSort.CREATED ? null
                : after.substring(0, after.lastIndexOf('\n'));
        return Page.of(
                jobs.list(targetId(targetId), caller.visibleTargets(), status, kind, trigger, from, to, order, size,
                        afterKey, afterId),
                size, Views.JobView::of,
                job -> order.by() == JobSort.CREATED ? job.id() : order.keyOf(job) + "\n" + job.id());
    }

    @Requires(Permission.BACKUP_VIEW)
    @GET
    @Path("jobs/{id}")
    @Operation(summary = "One job")
    public Views.JobView get(@PathParam("id") String id) {
        return Views.JobView.of(job(id));
    }

    @Requires(Permission.BACKUP_VIEW)
    @GET
    @Path("jobs/{id}/progress")
    @Operation(summary = "A job's progress: bytes so far, rate, elapsed, and an ETA from the previous backup's size")
    public Views.JobProgress progress(@PathParam("id") String id) {
        Job job = job(id);
        return progressOf(job, expectedBytes(job), Instant.now());
    }

    /**
     * The job's progress as server-sent events, one JSON document (a {@link Views.JobProgress}) about once
     * a second until it ends: the last event carries its final status. Read from the catalog (bytes from
     * the running replica's heartbeats), so any replica can answer.
     */
    @Requires(Permission.BACKUP_VIEW)
    @GET
    @Path("jobs/{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Blocking
    @Operation(summary = "Server-sent events with the job's progress, about once a second, until it ends")
    public Multi<Views.JobProgress> events(@PathParam("id") String id) {
        Job first = job(id);
        String jobId = first.id();
        Long expected = expectedBytes(first); // once per stream: it does not change while the job runs
        AtomicBoolean ended = new AtomicBoolean();
        return Multi.createFrom().ticks().startingAfter(Duration.ofMillis(1)).every(PROGRESS_EVERY)
                .onOverflow().drop()
                .map(tick -> progressOf(job(jobId), expected, Instant.now()))
                // up to and including the first event that says the job ended
                .select().first(p -> !ended.getAndSet(p.job().finishedAt() != null));
    }

    /**
     * A queued (or scheduled) job is cancelled: 200. A running one is stopped: 202, its tools are being
     * killed and it ends as cancelled shortly. A finished job: 409.
     */
    @Requires(Permission.BACKUP_TRIGGER)
    @DELETE
    @Path("jobs/{id}")
    @Operation(summary = "Cancel a queued or scheduled job (200), or stop a running one (202: its tools are killed,"
            + " its target freed, and it ends as cancelled)")
    public RestResponse<Views.JobView> cancel(@PathParam("id") String id) {
        Job job = job(id);
        JobQueue.Cancel outcome = queue.cancel(job.id(), caller.name());
        if (outcome == JobQueue.Cancel.NOT_CANCELLABLE) {
            throw HubException.conflict("job " + job.id() + " is " + job(id).status().id()
                    + "; only queued and running jobs can be cancelled");
        }
        boolean cancelled = outcome == JobQueue.Cancel.CANCELLED;
        caller.audit("job.cancel", "job/" + job.id(), cancelled ? "succeeded" : "accepted", null);
        return RestResponse.status(cancelled ? RestResponse.Status.OK : RestResponse.Status.ACCEPTED,
                Views.JobView.of(job(id)));
    }

    /**
     * Runs a failed or cancelled job again, as a new job asked for the same way the first one could be:
     * a backup with the same options (through request-backup, so a freeze window still holds), a verify of
     * the same artifact, a drill of the same target, a copy into the same store. A restore is not retried
     * blindly: the destination may have changed, so it needs a new preview and confirmation.
     */
    @Requires(Permission.BACKUP_TRIGGER)
    @POST
    @Path("jobs/{id}/retry")
    @Operation(summary = "Run a failed or cancelled job again as a new job (202 with it); a restore needs a new"
            + " preview instead (409)")
    @APIResponse(responseCode = "202", description = "The new job; Location names it", content = @Content(mediaType = "application/json", schema = @Schema(implementation = Views.JobView.class)))
    public RestResponse<Views.JobView> retry(@PathParam("id") String id) {
        Job job = job(id);
        if (job.status() != JobStatus.FAILED && job.status() != JobStatus.CANCELLED) {
            throw HubException.conflict("job " + job.id() + " is " + job.status().id()
                    + "; only failed and cancelled jobs can be retried");
        }
        RestResponse<Views.JobView> again = switch (job.kind()) {
            case BACKUP -> targets.requestBackup(job.targetId(), new BackupRequest(null, null, job.options()));
            case VERIFY -> {
                caller.require(Permission.BACKUP_VERIFY);
                yield artifacts.verify(job.artifactId());
            }
            case DRILL -> {
                caller.require(Permission.BACKUP_RESTORE); // a drill restores, into its scratch target
                yield drills.run(job.triggerRef());
            }
            case REPLICATE -> artifacts.copy(job.artifactId(),
                    new ArtifactsResource.CopyRequest(String.valueOf(job.options().get("store"))));
            case RESTORE -> throw HubException.conflict("a restore is not retried as it was: preview it again"
                    + " (POST /api/v1/restores/preview) and confirm, since the destination may have changed");
        };
        caller.audit("job.retry", "job/" + job.id(), "accepted", "as job " + again.getEntity().id());
        return again;
    }

    /** The optional targetId filter of list endpoints. */
    static String targetId(String targetId) {
        return targetId == null || targetId.isEmpty() ? null
                : SafeValues.require(SafeValues.SLUG, targetId, "targetId");
    }

    /** For a backup's ETA: the size of the target's previous stored backup. */
    private Long expectedBytes(Job job) {
        return job.kind() == JobKind.BACKUP
                ? jobs.lastSucceededBackup(job.targetId()).map(Job::bytes).orElse(null) : null;
    }

    private Views.JobProgress progressOf(Job job, Long expected, Instant now) {
        Long live = running.bytesSoFar(job.id());
        return Views.JobProgress.of(Views.JobView.of(job), live != null ? live : job.bytes(), expected, now);
    }

    private Job job(String id) {
        Ids.require(id, "job");
        Job job = jobs.find(id).orElseThrow(() -> HubException.notFound("no job " + id));
        return caller.inScope(job, job.targetId(), () -> HubException.notFound("no job " + id));
    }
}
