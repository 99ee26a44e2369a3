package io.backuphub.ops;

import io.backuphub.job.Job;
import io.backuphub.job.JobFinished;
import io.backuphub.job.JobKind;
import io.backuphub.job.JobStatus;
import io.backuphub.restore.Drill;
import io.backuphub.restore.DrillRecorded;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Prometheus metrics (/q/metrics): jobs by outcome, duration, bytes stored, the time of each
 * target's last good backup, which is what an alert on a silent backup keys on, and each target's
 * last restore drill: when, whether it succeeded, its RTO and RPO.
 */
@ApplicationScoped
public class HubMetrics {

    @Inject MeterRegistry registry;
    private final Map<String, AtomicLong> lastSuccess = new ConcurrentHashMap<>();
    private final Map<String, Map<String, AtomicReference<Double>>> drills = new ConcurrentHashMap<>();

    void onJobFinished(@Observes JobFinished finished) {
        jobFinished(finished.job(), finished.status().id(), finished.bytes());
        if (finished.job().kind() == JobKind.BACKUP
                && (finished.status() == JobStatus.SUCCEEDED || finished.status() == JobStatus.PARTIAL)) {
            backupSucceeded(finished.job().targetId(), Instant.now());
        }
    }

    private void jobFinished(Job job, String outcome, Long bytes) {
        Counter.builder("backup_hub_jobs")
                .description("Finished jobs by kind, target and outcome")
                .tags("kind", job.kind().id(), "target", job.targetId(), "outcome", outcome)
                .register(registry).increment();
        if (job.startedAt() != null) {
            Timer.builder("backup_hub_job_duration")
                    .description("How long jobs ran")
                    .tags("kind", job.kind().id(), "target", job.targetId(), "outcome", outcome)
                    .register(registry).record(Duration.between(job.startedAt(), Instant.now()));
        }
        if (job.kind() == JobKind.BACKUP && bytes != null && bytes > 0) {
            Counter.builder("backup_hub_stored_bytes")
                    .description("Bytes written to the store by backups")
                    .baseUnit("bytes")
                    .tags("target", job.targetId())
                    .register(registry).increment(bytes);
        }
    }

    void onDrillRecorded(@Observes DrillRecorded recorded) {
        Drill drill = recorded.drill();
        Map<String, AtomicReference<Double>> gauges = drills.computeIfAbsent(drill.targetId(), this::drillGauges);
        gauges.get("time").set((double) (drill.finishedAt() == null ? Instant.now() : drill.finishedAt())
                .getEpochSecond());
        gauges.get("success").set(drill.succeeded() ? 1.0 : 0.0);
        if (drill.succeeded()) {
            gauges.get("rto").set(drill.rtoSeconds());
            gauges.get("rpo").set(drill.rpoSeconds().doubleValue());
        }
    }

    private Map<String, AtomicReference<Double>> drillGauges(String targetId) {
        Map<String, AtomicReference<Double>> gauges = Map.of("time", new AtomicReference<>(Double.NaN), "success",
                new AtomicReference<>(Double.NaN), "rto", new AtomicReference<>(Double.NaN), "rpo",
                new AtomicReference<>(Double.NaN));
        gauge("backup_hub_drill_last_timestamp_seconds", "Unix time the target's last restore drill ended",
                targetId, gauges.get("time"));
        gauge("backup_hub_drill_last_success", "1 if the target's last restore drill succeeded, else 0",
                targetId, gauges.get("success"));
        gauge("backup_hub_drill_rto_seconds", "Restore plus check time of the target's last successful drill",
                targetId, gauges.get("rto"));
        gauge("backup_hub_drill_rpo_seconds", "Age of the backup the target's last successful drill restored",
                targetId, gauges.get("rpo"));
        return gauges;
    }

    private void gauge(String name, String description, String targetId, AtomicReference<Double> value) {
        Gauge.builder(name, value, AtomicReference::get).description(description).tag("target", targetId)
                .register(registry);
    }

    /** Records a successful backup's time; the gauge is created on first use per target. */
    private void backupSucceeded(String targetId, Instant at) {
        lastSuccess.computeIfAbsent(targetId, id -> {
            AtomicLong holder = new AtomicLong();
            Gauge.builder("backup_hub_last_success_timestamp_seconds", holder, AtomicLong::get)
                    .description("Unix time of the target's last successful backup")
                    .tag("target", id)
                    .register(registry);
            return holder;
        }).accumulateAndGet(at.getEpochSecond(), Math::max);
    }
}
