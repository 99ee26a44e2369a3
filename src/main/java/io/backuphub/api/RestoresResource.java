package io.backuphub.api;

import io.backuphub.auth.Permission;
import io.backuphub.common.HubException;
import io.backuphub.common.Ids;
import io.backuphub.common.Problems;
import io.backuphub.common.SafeValues;
import io.backuphub.job.Job;
import io.backuphub.job.JobOrder;
import io.backuphub.job.JobQueue;
import io.backuphub.restore.RecoveryPlan;
import io.backuphub.restore.RecoveryPlanner;
import io.backuphub.restore.RecoverySpec;
import io.backuphub.restore.RestorePlan;
import io.backuphub.restore.RestorePlanner;
import io.backuphub.restore.RestoreSpec;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.function.Supplier;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Restores in two steps: a preview that shows the plan and hands out a confirm token, then the
 * confirmed restore. Both are audited, refusals included, with who asked and what for.
 */
@Path("/api/v1")
public class RestoresResource {

    @Inject RestorePlanner planner;
    @Inject RecoveryPlanner recoveries;
    @Inject JobQueue queue;
    @Inject Caller caller;
    @Inject Quotas quotas;

    @Requires(Permission.BACKUP_RESTORE)
    @POST
    @Path("artifacts/{id}/restores/preview")
    @Operation(summary = "Show what restoring the artifact would do, with a confirm token valid 10 minutes;"
            + " body {targetId, database, mode: new|replace}, every field optional")
    public RestorePlan preview(@PathParam("id") String id, RestoreSpec body) {
        RestoreSpec spec = body == null ? RestoreSpec.DEFAULTS : body;
        String artifactId = Ids.require(id, "artifact");
        inScope(artifactId, spec);
        RestorePlan plan = audited("restore.preview", "artifact/" + artifactId, where(spec, null),
                () -> planner.preview(artifactId, spec, caller.name(), caller.credential()));
        caller.audit("restore.preview", "artifact/" + artifactId, "succeeded", where(spec, plan));
        return plan;
    }

    @Requires(Permission.BACKUP_RESTORE)
    @POST
    @Path("artifacts/{id}/restores")
    @Operation(summary = "Restore the artifact as previewed: the preview's body plus its confirm token")
    @APIResponse(responseCode = "202", description = "Restore job queued; Location names it", content = @Content(mediaType = "application/json", schema = @Schema(implementation = Views.JobView.class)))
    public RestResponse<Views.JobView> restore(@PathParam("id") String id, RestoreSpec body) {
        RestoreSpec spec = body == null ? RestoreSpec.DEFAULTS : body;
        String artifactId = Ids.require(id, "artifact");
        inScope(artifactId, spec);
        quotas.take(caller.principal(), Quotas.Quota.RESTORES, caller.source());
        JobOrder order = audited("restore.request", "artifact/" + artifactId, where(spec, null),
                () -> planner.confirm(artifactId, spec, caller.name(), caller.credential()));
        Job job = queue.enqueue(order);
        caller.audit("restore.request", "artifact/" + artifactId, "accepted", "job " + job.id() + " into "
                + order.options().get("database") + " on " + order.targetId() + " (" + order.options().get("mode")
                + ")");
        return Answers.accepted(Views.JobView.of(job), "/api/v1/jobs/" + job.id());
    }

    @Requires(Permission.BACKUP_RESTORE)
    @POST
    @Path("targets/{id}/restores/preview")
    @Operation(summary = "Plan a point-in-time recovery of the target (PITR targets, docs/pitr.md), with a confirm"
            + " token valid 10 minutes; body {mode: pitr, targetTime | targetLsn, destination: {targetId}, port}")
    public RecoveryPlan previewRecovery(@PathParam("id") String id, RecoverySpec body) {
        RecoverySpec spec = requireBody(body);
        inScope(id, spec);
        RecoveryPlan plan = audited("restore.preview", "target/" + id, "pitr to " + moment(spec),
                () -> recoveries.preview(id, spec, caller.credential()));
        caller.audit("restore.preview", "target/" + id, "succeeded", "pitr to " + moment(spec) + " into "
                + plan.destination().dataDirectory() + " on " + plan.destination().targetId());
        return plan;
    }

    @Requires(Permission.BACKUP_RESTORE)
    @POST
    @Path("targets/{id}/restores")
    @Operation(summary = "Recover the target to a point in time as previewed: the preview's body plus its confirm token")
    @APIResponse(responseCode = "202", description = "Recovery job queued; Location names it; its result names the server", content = @Content(mediaType = "application/json", schema = @Schema(implementation = Views.JobView.class)))
    public RestResponse<Views.JobView> recover(@PathParam("id") String id, RecoverySpec body) {
        RecoverySpec spec = requireBody(body);
        inScope(id, spec);
        quotas.take(caller.principal(), Quotas.Quota.RESTORES, caller.source());
        JobOrder order = audited("restore.request", "target/" + id, "pitr to " + moment(spec),
                () -> recoveries.confirm(id, spec, caller.name(), caller.credential()));
        Job job = queue.enqueue(order);
        caller.audit("restore.request", "target/" + id, "accepted", "job " + job.id() + ": pitr to " + moment(spec)
                + " into " + order.options().get("dataDirectory") + " on " + order.targetId());
        return Answers.accepted(Views.JobView.of(job), "/api/v1/jobs/" + job.id());
    }

    private static RecoverySpec requireBody(RecoverySpec body) {
        if (body == null) {
            throw HubException.invalid("give {\"mode\": \"pitr\", \"targetTime\": \"...\"} (docs/pitr.md)");
        }
        return body;
    }

    /** The source and the destination must both be in the caller's scope (as unknown otherwise). */
    private void inScope(String sourceId, RecoverySpec spec) {
        caller.target(sourceId);
        destinationInScope("destination.targetId", spec.destinationId());
    }

    private static String moment(RecoverySpec spec) {
        return spec.targetTime() != null ? spec.targetTime().toString()
                : spec.targetLsn() != null ? "LSN " + SafeValues.show(spec.targetLsn()) : "(no moment)";
    }

    /**
     * Whoever may restore owns the database: the backup and the destination must both be in the
     * caller's scope (backup.restore is the operation's permission), and either out of it is refused
     * as one that does not exist is (a backup 404, a destination 400). The destination defaults to the
     * backup's own target.
     */
    private void inScope(String artifactId, RestoreSpec spec) {
        caller.artifact(artifactId);
        destinationInScope("targetId", spec.targetId());
    }

    /** A destination out of the caller's scope is refused as one that does not exist. */
    private void destinationInScope(String field, String targetId) {
        if (targetId != null && !caller.sees(targetId)) {
            Problems problems = new Problems();
            problems.add(field, RestorePlanner.noTarget(targetId));
            problems.throwIfAny();
        }
    }

    /**
     * Runs a step, auditing a refusal on {@code resource} with what was asked ({@code what}) and the
     * reason, before the edge turns it into a problem.
     */
    private <T> T audited(String action, String resource, String what, Supplier<T> step) {
        try {
            return step.get();
        } catch (HubException e) {
            caller.audit(action, resource, "refused", what + ": " + e.getMessage());
            throw e;
        }
    }

    private static String where(RestoreSpec spec, RestorePlan plan) {
        if (plan != null) {
            return "into " + plan.destination().database() + " on " + plan.destination().targetId() + " ("
                    + plan.mode() + ")";
        }
        return "into " + (spec.database() == null ? "(default database)" : SafeValues.show(spec.database())) + " on "
                + (spec.targetId() == null ? "(the artifact's target)" : SafeValues.show(spec.targetId())) + " ("
                + (spec.mode() == null ? "new" : SafeValues.show(spec.mode())) + ")";
    }
}
