package io.backuphub.api;

import io.backuphub.auth.Permission;
import io.backuphub.job.Job;
import io.backuphub.restore.Drill;
import io.backuphub.restore.DrillRepository;
import io.backuphub.restore.DrillScheduler;
import io.backuphub.target.TargetRegistry;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestResponse;

/** Restore drills of a target: run one now, and the record of past ones with their RTO and RPO. */
@Path("/api/v1")
public class DrillsResource {

    @Inject DrillScheduler scheduler;
    @Inject DrillRepository drills;
    @Inject TargetRegistry targets;
    @Inject Caller caller;

    @Requires(Permission.BACKUP_RESTORE)
    @POST
    @Path("targets/{id}/drills")
    @Operation(summary = "Run a restore drill of the target now (its targets.yaml drill: names the scratch target)")
    @APIResponse(responseCode = "202", description = "Drill job queued; Location names it", content = @Content(mediaType = "application/json", schema = @Schema(implementation = Views.JobView.class)))
    public RestResponse<Views.JobView> run(@PathParam("id") String id) {
        Job job = scheduler.requestNow(target(id), caller.name());
        caller.audit("drill.request", "target/" + job.triggerRef(), "accepted", "job " + job.id() + " on "
                + job.targetId());
        return Answers.accepted(Views.JobView.of(job), "/api/v1/jobs/" + job.id());
    }

    @Requires(Permission.BACKUP_VIEW)
    @GET
    @Path("targets/{id}/drills")
    @Operation(summary = "The target's drills, newest first: status, artifact, rtoSeconds, rpoSeconds, differences")
    public Page<Drill> list(@PathParam("id") String id,
            @Parameter(description = "1..500, default 50") @QueryParam("limit") Integer limit,
            @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor") String cursor) {
        int size = Page.limit(limit);
        return Page.of(drills.list(target(id), size, Cursor.decode(cursor, JobsResource.ID)), size, drill -> drill,
                Drill::id);
    }

    private String target(String id) {
        return caller.target(id).id();
    }
}
