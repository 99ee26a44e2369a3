package io.backuphub.api;

import io.backuphub.artifact.ArtifactCopies;
import io.backuphub.artifact.ArtifactRepository;
import io.backuphub.artifact.CopyStatus;
import io.backuphub.backup.BackupCall;
import io.backuphub.backup.BackupRequest;
import io.backuphub.common.SafeValues;
import io.backuphub.job.Job;
import io.backuphub.job.JobRepository;
import io.backuphub.job.JobTrigger;
import io.backuphub.job.TargetHealth;
import io.backuphub.restore.Drill;
import io.backuphub.restore.DrillRepository;
import io.backuphub.target.Target;
import io.backuphub.target.TargetRegistry;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import org.apache.camel.ProducerTemplate;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestResponse;

/** The declared targets with their last backup and health; asking for a backup. */
@Path("/api/v1")
public class TargetsResource {

    @Inject ArtifactCopies copies;
    @Inject TargetRegistry targets;
    @Inject JobRepository jobs;
    @Inject ArtifactRepository artifacts;
    @Inject DrillRepository drills;
    @Inject Caller caller;
    @Inject ProducerTemplate routes;

    @GET
    @Path("targets")
    @Operation(summary = "Declared targets with their last backup and health")
    public Page<Views.TargetView> list() {
        Instant now = Instant.now();
        return Page.all(targets.all().stream().sorted(Comparator.comparing(Target::id)).map(t -> view(t, now))
                .toList());
    }

    @GET
    @Path("targets/{id}")
    @Operation(summary = "One target with its last backup and health")
    public Views.TargetView get(@PathParam("id") String id) {
        return view(target(id), Instant.now());
    }

    @POST
    @Path("targets/reload")
    @Operation(summary = "Re-read the targets file; an invalid file is refused (422) and the targets in use stay")
    public Views.TargetsReloaded reload() {
        int count = targets.reload().size();
        caller.audit("targets.reload", targets.file().toString(), "succeeded", count + " target(s)");
        return new Views.TargetsReloaded(targets.file().toString(), count);
    }

    /** Goes through the request-backup route, which ops can change (a freeze window, say). */
    @POST
    @Path("targets/{id}/backups")
    @Operation(summary = "Back up the target now, or once later: {\"delay\":\"PT10M\"} or {\"runAt\":\"...\"}"
            + " (1 minute to 30 days ahead); optional engine options")
    @APIResponse(responseCode = "202", description = "Job queued; Location names it", content = @Content(mediaType = "application/json", schema = @Schema(implementation = Views.JobView.class)))
    public RestResponse<Views.JobView> requestBackup(@PathParam("id") String id, BackupRequest body) {
        Target target = target(id);
        BackupRequest request = body == null ? new BackupRequest(null, null, null) : body;
        Job job = routes.requestBody("direct:request-backup",
                new BackupCall(target.id(), request, JobTrigger.API, null, caller.name()), Job.class);
        caller.audit("backup.request", "target/" + job.targetId(), "accepted",
                "job " + job.id() + " due " + job.scheduledFor());
        return Answers.accepted(Views.JobView.of(job), "/api/v1/jobs/" + job.id());
    }

    private Views.TargetView view(Target target, Instant now) {
        var last = jobs.lastFinishedBackup(target.id());
        java.util.List<String> concerns = new java.util.ArrayList<>();
        artifacts.unacknowledgedSuspicious(target.id()).ifPresent(a -> concerns.add("backup " + a.id()
                + " is suspicious (" + a.suspiciousReason() + "); acknowledge it once checked"));
        last.map(Job::artifactId).flatMap(artifacts::find).ifPresent(a -> copies.of(a).stream()
                .filter(c -> c.status() == CopyStatus.FAILED || c.status() == CopyStatus.COPYING)
                .forEach(c -> concerns.add("the last backup has no copy in store " + c.store() + " yet ("
                        + (c.status() == CopyStatus.COPYING ? "being copied" : c.error()) + ")")));
        Optional<Drill> lastDrill = drills.lastFinished(target.id());
        if (target.drill() != null) {
            lastDrill.filter(d -> !d.succeeded()).ifPresent(d -> concerns.add("last restore drill failed: "
                    + d.error()));
            Duration maxAge = target.drill().maxAgeOrDefault();
            if (drills.lastSucceeded(target.id()).filter(d -> d.finishedAt().isAfter(now.minus(maxAge))).isEmpty()) {
                concerns.add("no successful restore drill within " + maxAge);
            }
        }
        return Views.TargetView.of(target, last.orElse(null), lastDrill.orElse(null),
                TargetHealth.evaluate(target, last, now).with(concerns));
    }

    private Target target(String id) {
        return targets.require(SafeValues.require(SafeValues.SLUG, id, "target id"));
    }
}
