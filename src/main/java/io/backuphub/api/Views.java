package io.backuphub.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.backuphub.artifact.Artifact;
import io.backuphub.artifact.ArtifactCopy;
import io.backuphub.common.CronText;
import io.backuphub.common.FailureCause;
import io.backuphub.common.Json;
import io.backuphub.engine.Fingerprint;
import io.backuphub.job.Job;
import io.backuphub.job.TargetHealth;
import io.backuphub.notify.Notification;
import io.backuphub.policy.Selector;
import io.backuphub.restore.Drill;
import io.backuphub.retention.RetentionPlan;
import io.backuphub.retention.RetentionPolicy;
import io.backuphub.schedule.Schedule;
import io.backuphub.target.Target;
import io.backuphub.webhook.Webhook;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The API's JSON shapes: domain words, lower-case enum values, links to related resources. */
public final class Views {

    private Views() {
    }

    /**
     * A job: the one shape wherever a job is shown (jobs, a target's last backup, a schedule's last run, a
     * webhook's job). {@code error} is the tool's own text; {@code cause}, when a rule knows the error,
     * says what it means, what to do and which setting to change.
     */
    public record JobView(String id, String targetId, String kind, String status, String verification,
            String artifactId, String error, FailureCause cause, String trigger, String triggerRef,
            String triggeredBy,
            Map<String, Object> options, Instant scheduledFor, Instant createdAt, Instant startedAt,
            Instant finishedAt, Long durationMs, Long bytes, String cancelRequestedBy, Map<String, Object> result,
            Map<String, String> links) {

        public static JobView of(Job j) {
            return j == null ? null : new JobView(j.id(), j.targetId(), j.kind().id(), j.status().id(),
                    j.verification() == null ? null : j.verification().id(), j.artifactId(), j.error(),
                    j.cause(), j.trigger().id(), j.triggerRef(), j.triggeredBy(), j.options(), j.scheduledFor(),
                    j.createdAt(),
                    j.startedAt(), j.finishedAt(), j.durationMs(), j.bytes(), j.cancelRequestedBy(), j.result(),
                    j.artifactId() == null
                            ? Map.of("self", "/api/v1/jobs/" + j.id())
                            : Map.of("self", "/api/v1/jobs/" + j.id(), "artifact",
                                    "/api/v1/artifacts/" + j.artifactId()));
        }
    }

    /**
     * A job's progress: {@code bytes} stored so far, the average rate since it started, and, for a backup,
     * an ETA from the size of the target's previous backup ({@code expectedBytes}; null when none).
     */
    public record JobProgress(JobView job, Long bytes, Long expectedBytes, Long elapsedMs, Long bytesPerSecond,
            Long etaMs, Instant at) {

        static JobProgress of(JobView job, Long bytes, Long expectedBytes, Instant now) {
            Instant end = job.finishedAt() != null ? job.finishedAt() : now;
            Long elapsed = job.startedAt() == null ? null
                    : Math.max(0, Duration.between(job.startedAt(), end).toMillis());
            Long rate = elapsed == null || elapsed < 1000 || bytes == null ? null : bytes * 1000 / elapsed;
            Long eta = job.finishedAt() != null || rate == null || rate == 0 || expectedBytes == null
                    ? null : Math.max(0, (expectedBytes - bytes) * 1000 / rate);
            return new JobProgress(job, bytes, expectedBytes, elapsed, rate, eta, now);
        }
    }

    public record ArtifactView(String id, String jobId, String targetId, String environment, String engine,
            String kind, String store, String key, long bytes, long dumpBytes, String sha256, String compression,
            boolean encrypted, String verification, String verificationSummary,
            Map<String, Object> verificationEvidence, Fingerprint fingerprint, Instant verifiedAt, Instant createdAt,
            String pinReason, boolean suspicious, String suspiciousReason, String acknowledgedBy,
            List<CopyView> copies, JsonNode manifest, Map<String, String> links) {

        /** {@code copies}: the artifact's copies, the primary (the store it names) first. */
        public static ArtifactView of(Artifact a, List<ArtifactCopy> copies) {
            JsonNode manifest;
            try {
                manifest = Json.MAPPER.readTree(a.manifest());
            } catch (Exception e) {
                manifest = null;
            }
            return new ArtifactView(a.id(), a.jobId(), a.targetId(), a.environment(), a.engine(), a.kind(), a.store(),
                    a.objectKey(), a.bytes(), a.dumpBytes(), a.sha256(), a.compression(), a.encrypted(),
                    a.verification().id(), a.verificationSummary(), a.verificationEvidence(), a.fingerprint(),
                    a.verifiedAt(),
                    a.createdAt(),
                    a.pinReason(), a.suspicious(), a.suspiciousReason(), a.acknowledgedBy(),
                    copies.stream().map(CopyView::of).toList(), manifest,
                    Map.of("self", "/api/v1/artifacts/" + a.id(),
                            "download", "/api/v1/artifacts/" + a.id() + "/download",
                            "copies", "/api/v1/artifacts/" + a.id() + "/copies",
                            "job", "/api/v1/jobs/" + a.jobId()));
        }
    }

    /** One copy of an artifact: stored | failed | copying | deleted, with the reason a failed one failed. */
    public record CopyView(String store, String key, Long bytes, String sha256, String status, String error,
            Instant updatedAt) {

        public static CopyView of(ArtifactCopy c) {
            return new CopyView(c.store(), c.key(), c.bytes(), c.sha256(), c.status().id(), c.error(), c.updatedAt());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TransportView(String type, String host, Integer port, String user) {
    }

    public record DatabaseView(String host, Integer port, String user, String name) {
    }

    /**
     * A target's colour and why; when it is failing, what the last failure means ({@code cause}), since
     * when its backups fail and how many in a row.
     */
    public record HealthView(String status, String reason, FailureCause cause, Instant failingSince,
            Integer failuresInARow) {
    }

    /** A target; {@code settings}: the engine's own section ({@code mongodb}, {@code qdrant}), secrets by reference. */
    public record TargetView(String id, String engine, String environment, Map<String, String> labels,
            TransportView transport,
            DatabaseView database, Map<String, Object> settings, Duration expectedEvery, String compression,
            Integer compressionLevel, List<String> ageRecipients, JobView lastBackup, Drill lastDrill,
            HealthView health, Map<String, String> links) {

        public static TargetView of(Target t, Job lastBackup, Drill lastDrill, TargetHealth health) {
            Target.TransportSpec tr = t.transport();
            Target.DatabaseSpec db = t.database();
            return new TargetView(t.id(), t.engine(), t.environment(), t.labels(),
                    tr == null ? null : new TransportView(tr.type(), tr.host(), tr.port(), tr.user()),
                    db == null ? null : new DatabaseView(db.host(), db.port(), db.user(), db.name()),
                    t.settings(),
                    t.expectedEvery(), t.compression().id(), t.compressionLevel(),
                    t.encrypted() ? t.encryption().ageRecipients() : List.of(), JobView.of(lastBackup), lastDrill,
                    new HealthView(health.status().id(), health.reason(), health.cause(), health.failingSince(),
                            health.failuresInARow() == 0 ? null : health.failuresInARow()),
                    Map.of("self", "/api/v1/targets/" + t.id(),
                            "backups", "/api/v1/targets/" + t.id() + "/backups",
                            "drills", "/api/v1/targets/" + t.id() + "/drills",
                            "jobs", "/api/v1/jobs?targetId=" + t.id(),
                            "artifacts", "/api/v1/artifacts?targetId=" + t.id(),
                            "effectivePolicy", "/api/v1/targets/" + t.id() + "/effective-policy"));
        }
    }

    /** A policy: whom it selects, the settings it gives them, and the targets it selects now (those the caller sees). */
    public record PolicyView(String id, String description, String template, Selector selector,
            Map<String, Object> settings,
            List<String> targets, Map<String, String> links) {
    }

    /** One setting of a target as it applies, and where it comes from: {@code target}, {@code policy:<id>}, {@code environment} or {@code default}. */
    public record SourcedValue(@JsonInclude(JsonInclude.Include.ALWAYS) Object value, String source) {
    }

    /** Every setting policies can give, as it applies to the target, with its source; the policies that select it, most specific first. */
    public record EffectivePolicyView(String targetId, List<String> policies, Map<String, SourcedValue> settings,
            Map<String, String> links) {
    }

    /** A schedule with its next five fire times (ISO-8601 with the zone's offset) and, shown alone, its last run. */
    /**
     * A schedule; {@code description} its timing in words, {@code state} whether it fires: {@code active},
     * {@code paused}, or {@code target-missing} (a file schedule whose target the targets file does not
     * declare: it has no next runs until it does).
     */
    public record ScheduleView(String id, String targetId, String cron, String quartzCron, String timezone,
            String description, String state, boolean enabled, Map<String, Object> options, String source,
            List<String> nextFireTimes, Instant lastFiredAt, String lastFireNote,
            @JsonInclude(JsonInclude.Include.NON_NULL) JobView lastRun,
            @JsonInclude(JsonInclude.Include.NON_NULL) String problem,
            Instant createdAt, Instant updatedAt) {

        /** {@code targetDeclared}: false for a file schedule whose target the targets file does not declare. */
        public static ScheduleView of(Schedule s, JobView lastRun, boolean targetDeclared) {
            String state = !targetDeclared ? "target-missing" : s.enabled() ? "active" : "paused";
            List<String> next = state.equals("active")
                    ? s.cron().nextFireTimes(s.timezone(), Instant.now(), 5).stream()
                            .map(t -> t.atZone(s.timezone()).toOffsetDateTime().toString()).toList()
                    : List.of();
            return new ScheduleView(s.id(), s.targetId(), s.cron().input(), s.cron().quartz(), s.timezone().getId(),
                    CronText.describe(s.cron()) + " " + s.timezone().getId(), state, s.enabled(), s.options(),
                    s.source().id(), next, s.lastFiredAt(), s.lastFireNote(), lastRun,
                    targetDeclared ? null
                            : "no target " + s.targetId() + " is declared: this schedule does not fire until"
                                    + " the targets file declares it",
                    s.createdAt(), s.updatedAt());
        }
    }

    /** A webhook, never its secret (shown once, in {@link CreatedWebhook}). */
    public record WebhookView(String id, String name, String url, List<String> allowedActions,
            List<String> allowedTargets, List<String> allowedEnvironments, int ratePerHour,
            boolean enabled, Instant createdAt, String createdBy, String signatureScheme) {

        public static WebhookView of(Webhook w) {
            return new WebhookView(w.id(), w.name(), "/hooks/" + w.id(), w.allowedActions(), w.allowedTargets(),
                    w.allowedEnvironments(), w.ratePerHour(), w.enabled(), w.createdAt(), w.createdBy(),
                    w.signatureScheme().id());
        }
    }

    public record CreatedWebhook(String id, String name, String url, List<String> allowedActions,
            List<String> allowedTargets, List<String> allowedEnvironments, int ratePerHour,
            boolean enabled, Instant createdAt, String createdBy, String signatureScheme,
            String secret) {

        static CreatedWebhook of(WebhookView w, String secret) {
            return new CreatedWebhook(w.id(), w.name(), w.url(), w.allowedActions(), w.allowedTargets(),
                    w.allowedEnvironments(), w.ratePerHour(), w.enabled(), w.createdAt(), w.createdBy(),
                    w.signatureScheme(), secret);
        }
    }

    /** A notification in the outbox (its payload is the event, not repeated here). */
    public record NotificationView(String id, String event, String targetId, String channelId, String channelType,
            String status, int attempts, Instant nextAttemptAt, String lastError,
            Instant createdAt, Instant deliveredAt) {

        public static NotificationView of(Notification n) {
            return new NotificationView(n.id(), n.event(), n.targetId(), n.channelId(), n.channelType(), n.status(),
                    n.attempts(), n.nextAttemptAt(), n.lastError(), n.createdAt(), n.deliveredAt());
        }
    }

    /** A target's own retention policy, and the one in effect (its own, else its environment's). */
    public record TargetRetention(String targetId, RetentionPolicy policy, RetentionPolicy effective,
            String effectiveFrom, String timezone) {
    }

    public record EnvironmentRetention(String environment, RetentionPolicy policy) {
    }

    /** What a policy keeps (with every reason) and deletes (with the reason). */
    public record PlanView(List<KeepView> keep, List<DeleteView> delete, long bytesFreed) {

        public record KeepView(String artifactId, String store, List<String> reasons) {
        }

        /** {@code earlyDeletion}: what the deletion bills under the store's minimum storage duration, if any. */
        public record DeleteView(String artifactId, String store, String reason,
                @JsonInclude(JsonInclude.Include.NON_NULL) RetentionPlan.EarlyDeletion earlyDeletion) {
        }

        public static PlanView of(RetentionPlan plan) {
            return new PlanView(
                    plan.keep().stream().map(k -> new KeepView(k.artifactId(), k.store(), k.reasons())).toList(),
                    plan.delete().stream().map(d -> new DeleteView(d.artifactId(), d.store(), d.reason(),
                            d.earlyDeletion())).toList(),
                    plan.bytesFreed());
        }
    }

    /** What a reload of targets.yaml loaded. */
    public record TargetsReloaded(String file, int targets) {
    }

    /** What a reload of schedules.yaml applied. */
    public record SchedulesReloaded(String file, int schedules) {
    }
}
