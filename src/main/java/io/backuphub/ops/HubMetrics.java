package io.backuphub.ops;

import io.backuphub.job.Job;
import io.backuphub.job.JobFinished;
import io.backuphub.job.JobKind;
import io.backuphub.job.JobStatus;
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

/**
 * Prometheus metrics (/q/metrics): jobs by outcome, duration, bytes stored, and the time of each
 * target's last good backup, which is what an alert on a silent backup keys on.
 */
@ApplicationScoped
public class HubMetrics {

    @Inject MeterRegistry registry;
    private final Map<String, AtomicLong> lastSuccess = new ConcurrentHashMap<>();

    void onJobFinished(@Observes JobFinished finished) {
        jobFinished(finished.job(), finished.status().id(), finished.bytes());
        if (finished.job().kind() == JobKind.BACKUP && finished.status() == JobStatus.SUCCEEDED) {
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
        if (bytes != null && bytes > 0) {
            Counter.builder("backup_hub_stored_bytes")
                    .description("Bytes written to the store by backups")
                    .baseUnit("bytes")
                    .tags("target", job.targetId())
                    .register(registry).increment(bytes);
        }
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
