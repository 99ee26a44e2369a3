package io.backuphub.api;

import io.backuphub.artifact.Artifact;
import io.backuphub.artifact.ArtifactCopies;
import io.backuphub.artifact.ArtifactCopy;
import io.backuphub.artifact.ArtifactRepository;
import io.backuphub.artifact.CopyStatus;
import io.backuphub.auth.Permission;
import io.backuphub.backup.BackupCall;
import io.backuphub.backup.BackupRequest;
import io.backuphub.job.Job;
import io.backuphub.job.JobRepository;
import io.backuphub.job.JobStatus;
import io.backuphub.job.JobTrigger;
import io.backuphub.job.TargetHealth;
import io.backuphub.pitr.RecoveryWindow;
import io.backuphub.pitr.RecoveryWindows;
import io.backuphub.pitr.WalStreams;
import io.backuphub.restore.Drill;
import io.backuphub.restore.DrillRepository;
import io.backuphub.schedule.Schedule;
import io.backuphub.schedule.ScheduleRepository;
import io.backuphub.target.Target;
import io.backuphub.target.TargetRegistry;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
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
    @Inject ScheduleRepository schedules;
    @Inject Caller caller;
    @Inject Quotas quotas;
    @Inject ProducerTemplate routes;
    @Inject WalStreams wal;
    @Inject RecoveryWindows windows;

    @Requires(Permission.BACKUP_VIEW)
    @GET
    @Path("targets")
    @Operation(summary = "Declared targets with their last backup and health")
    public Page<Views.TargetView> list() {
        return Page.all(views(caller.targets()));
    }

    @Requires(Permission.BACKUP_VIEW)
    @GET
    @Path("targets/{id}")
    @Operation(summary = "One target with its last backup and health")
    public Views.TargetView get(@PathParam("id") String id) {
        return views(List.of(target(id))).get(0);
    }

    @Requires(Permission.SETTINGS_MODIFY)
    @POST
    @Path("targets/reload")
    @Operation(summary = "Re-read the targets file; an invalid file is refused (422) and the targets in use stay")
    public Views.TargetsReloaded reload() {
        int count = targets.reload().size();
        caller.audit("targets.reload", targets.file().toString(), "succeeded", count + " target(s)");
        return new Views.TargetsReloaded(targets.file().toString(), count);
    }

    /** Goes through the request-backup route, which ops can change (a freeze window, say). */
    @Requires(Permission.BACKUP_TRIGGER)
    @POST
    @Path("targets/{id}/backups")
    @Operation(summary = "Back up the target now, or once later: {\"delay\":\"PT10M\"} or {\"runAt\":\"...\"}"
            + " (1 minute to 30 days ahead); optional engine options")
    @APIResponse(responseCode = "202", description = "Job queued; Location names it", content = @Content(mediaType = "application/json", schema = @Schema(implementation = Views.JobView.class)))
    public RestResponse<Views.JobView> requestBackup(@PathParam("id") String id, BackupRequest body) {
        Target target = target(id);
        BackupRequest request = body == null ? new BackupRequest(null, null, null) : body;
        quotas.take(caller.principal(), Quotas.Quota.BACKUPS, caller.source());
        Job job = routes.requestBody("direct:request-backup",
                new BackupCall(target.id(), request, JobTrigger.API, null, caller.name()), Job.class);
        caller.audit("backup.request", "target/" + job.targetId(), "accepted",
                "job " + job.id() + " due " + job.scheduledFor());
        return Answers.accepted(Views.JobView.of(job), "/api/v1/jobs/" + job.id());
    }

    /**
     * The targets' views, from a handful of queries whatever their number: their last backups, suspicious
     * backups, the last backups' copies and their drills, each fetched for all targets at once.
     */
    private List<Views.TargetView> views(List<Target> list) {
        Instant now = Instant.now();
        List<String> ids = list.stream().map(Target::id).toList();
        Map<String, Job> lastBackups = jobs.lastFinishedBackups(ids);
        Map<String, TargetHealth.FailureStreak> streaks = jobs.failureStreaks(lastBackups.values().stream()
                .filter(j -> j.status() == JobStatus.FAILED).map(Job::targetId).toList());
        Map<String, Artifact> suspicious = artifacts.unacknowledgedSuspicious(ids);
        Map<String, Artifact> lastArtifacts = artifacts.findAll(lastBackups.values().stream().map(Job::artifactId)
                .filter(Objects::nonNull).toList());
        Map<String, List<ArtifactCopy>> lastCopies = copies.of(List.copyOf(lastArtifacts.values()));
        Map<String, Drill> lastDrills = drills.lastFinished(ids);
        Map<String, Drill> lastGoodDrills = drills.lastSucceeded(ids);
        Map<String, List<Schedule>> schedulesOf = schedules.all().stream()
                .collect(Collectors.groupingBy(Schedule::targetId));
        Map<String, WalStreams.Receiver> receivers = wal.receivers(list.stream().filter(Target::pitrOn)
                .map(Target::id).toList());
        return list.stream().map(target -> {
            Optional<Job> last = Optional.ofNullable(lastBackups.get(target.id()));
            List<String> concerns = new ArrayList<>();
            Optional.ofNullable(suspicious.get(target.id())).ifPresent(a -> concerns.add("backup " + a.id()
                    + " is suspicious (" + a.suspiciousReason() + "); acknowledge it once checked"));
            last.map(Job::artifactId).map(lastCopies::get).orElse(List.of()).stream()
                    .filter(c -> c.status() == CopyStatus.FAILED || c.status() == CopyStatus.COPYING)
                    .forEach(c -> concerns.add("the last backup has no copy in store " + c.store() + " yet ("
                            + (c.status() == CopyStatus.COPYING ? "being copied" : c.error()) + ")"));
            List<Schedule> own = schedulesOf.getOrDefault(target.id(), List.of());
            if (!own.isEmpty() && own.stream().noneMatch(Schedule::enabled)) {
                concerns.add(own.size() == 1 ? "its schedule is paused: backups run only when asked"
                        : "all " + own.size() + " of its schedules are paused: backups run only when asked");
            }
            Drill lastDrill = lastDrills.get(target.id());
            if (target.drill() != null) {
                if (lastDrill != null && !lastDrill.succeeded()) {
                    concerns.add("last restore drill failed: " + lastDrill.error());
                }
                Duration maxAge = target.drill().maxAgeOrDefault();
                Drill good = lastGoodDrills.get(target.id());
                if (good == null || !good.finishedAt().isAfter(now.minus(maxAge))) {
                    concerns.add("no successful restore drill within " + maxAge);
                }
            }
            WalStreams.Receiver receiver = receivers.get(target.id());
            if (receiver != null && !receiver.streaming() && !receiver.lost()
                    && receiver.stateSince().isBefore(now.minus(target.pitr().maxLagOrDefault()))) {
                concerns.add("its WAL has not streamed since " + receiver.stateSince() + " (" + receiver.state()
                        + (receiver.reason() == null ? "" : ": " + receiver.reason()) + ")");
            }
            TargetHealth health = TargetHealth.evaluate(target, last,
                    streaks.getOrDefault(target.id(), TargetHealth.FailureStreak.NONE), now).with(concerns);
            if (receiver != null && receiver.lost()) {
                health = health.failing(receiver.reason());
            } else if (target.pitrOn()) {
                RecoveryWindow.Gap gap = windows.of(target).openGap();
                if (gap != null) {
                    health = health.failing("WAL is missing: gap from LSN " + gap.fromLsn() + " to " + gap.toLsn()
                            + "; nothing since " + gap.from() + " is restorable until a base after it is verified");
                }
            }
            return Views.TargetView.of(target, last.orElse(null), lastDrill, health);
        }).toList();
    }

    private Target target(String id) {
        return caller.target(id);
    }
}
