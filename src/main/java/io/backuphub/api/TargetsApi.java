package io.backuphub.api;

import io.backuphub.HubConfig;
import io.backuphub.audit.AuditLog;
import io.backuphub.backup.BackupCall;
import io.backuphub.backup.BackupRequest;
import io.backuphub.job.Job;
import io.backuphub.job.JobStore;
import io.backuphub.job.Trigger;
import io.backuphub.target.InvalidTargetsException;
import io.backuphub.target.SafeValues;
import io.backuphub.target.Target;
import io.backuphub.target.TargetHealth;
import io.backuphub.target.TargetRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;

/** /api/v1/targets: the declared targets with their last backup and health; requesting a backup. */
@ApplicationScoped
@Named("targetsApi")
public class TargetsApi {

    private final TargetRegistry targets;
    private final JobStore jobs;
    private final AuditLog audit;
    private final HubConfig config;

    public TargetsApi(TargetRegistry targets, JobStore jobs, AuditLog audit, HubConfig config) {
        this.targets = targets;
        this.jobs = jobs;
        this.audit = audit;
        this.config = config;
    }

    public void list(Exchange exchange) {
        Instant now = Instant.now();
        List<Views.TargetView> views = targets.all().stream()
                .sorted(Comparator.comparing(Target::id))
                .map(t -> view(t, now))
                .toList();
        ApiSupport.respond(exchange, 200, new Views.Page<>(views, null));
    }

    public void get(Exchange exchange) {
        Target target = target(exchange);
        ApiSupport.respond(exchange, 200, view(target, Instant.now()));
    }

    private Views.TargetView view(Target target, Instant now) {
        Optional<Job> last = jobs.lastFinishedBackup(target.id());
        return Views.TargetView.of(target, last.orElse(null), TargetHealth.evaluate(target, last, now));
    }

    /** Re-reads the targets file; an invalid file is refused and the current targets stay. */
    public void reload(Exchange exchange) {
        String caller = ApiSupport.caller(exchange);
        try {
            int count = targets.reload().size();
            audit.record(caller, "targets.reload", targets.file().toString(), ApiSupport.source(exchange), "succeeded",
                    count + " target(s)");
            ApiSupport.respond(exchange, 200, Map.of("file", targets.file().toString(), "targets", count));
        } catch (InvalidTargetsException e) {
            throw new ApiException(422, "invalid-targets-file", "Invalid targets file",
                    targets.file() + " was not loaded; the targets in use are unchanged", e.problems());
        }
    }

    /** Turns POST /targets/{id}/backups into a call for the request-backup route. */
    public BackupCall backupCall(Exchange exchange) {
        Target target = target(exchange);
        BackupRequest request = ApiSupport.body(exchange, BackupRequest.class, config.api().maxBodyBytes(), "{}");
        return new BackupCall(target.id(), request, Trigger.API, null, ApiSupport.caller(exchange));
    }

    /** 202 with the queued job and its Location, after the request-backup route recorded it. */
    public void accepted(Exchange exchange) {
        Job job = exchange.getMessage().getBody(Job.class);
        audit.record(job.triggeredBy(), "backup.request", "target/" + job.targetId(), ApiSupport.source(exchange),
                "accepted", "job " + job.id() + " due " + job.scheduledFor());
        ApiSupport.respond(exchange, 202, Views.JobView.of(job));
        exchange.getMessage().setHeader("Location", "/api/v1/jobs/" + job.id());
    }

    private Target target(Exchange exchange) {
        String id = ApiSupport.pathParam(exchange, "id", SafeValues.SLUG, "target id");
        return targets.find(id).orElseThrow(() -> ApiException.notFound("no target " + id + " is declared"));
    }
}
