package io.backuphub.api;

import io.backuphub.common.HubException;
import io.backuphub.common.Ids;
import io.backuphub.common.SafeValues;
import io.backuphub.job.Job;
import io.backuphub.job.JobKind;
import io.backuphub.job.JobQueue;
import io.backuphub.job.JobRepository;
import io.backuphub.job.JobStatus;
import io.backuphub.job.JobTrigger;
import io.backuphub.job.RunningJobs;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
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
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.RestStreamElementType;

/** Job status, history with cursor pagination, progress (also as server-sent events), cancelling. */
@Path("/api/v1")
public class JobsResource {

    static final Pattern ID = Pattern.compile("[0-9a-z]{26}");

    @Inject JobRepository jobs;
    @Inject JobQueue queue;
    @Inject Caller caller;
    @Inject RunningJobs running;

    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(1);

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
            @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor") String cursor) {
        int size = Page.limit(limit);
        return Page.of(jobs.list(targetId(targetId), status, kind, trigger, from, to, size, Cursor.decode(cursor, ID)),
                size,
                Views.JobView::of, Job::id);
    }

    @GET
    @Path("jobs/{id}")
    @Operation(summary = "One job")
    public Views.JobView get(@PathParam("id") String id) {
        return Views.JobView.of(job(id));
    }

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
        return jobs.find(id).orElseThrow(() -> HubException.notFound("no job " + id));
    }
}
