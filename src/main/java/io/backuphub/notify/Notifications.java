package io.backuphub.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.backuphub.artifact.VerificationState;
import io.backuphub.common.HubException;
import io.backuphub.common.HubProperties;
import io.backuphub.common.Ids;
import io.backuphub.common.Json;
import io.backuphub.common.SafeValues;
import io.backuphub.job.Job;
import io.backuphub.job.JobFinished;
import io.backuphub.job.JobKind;
import io.backuphub.job.JobStatus;
import io.backuphub.target.Target;
import io.backuphub.target.TargetRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Publishes events to the channels the rules name. Publishing only writes to the outbox — never
 * throws, never waits on a channel — so a dead Slack or SMTP server cannot slow or fail a backup.
 */
@ApplicationScoped
public class Notifications {

    private static final Logger LOG = Logger.getLogger(Notifications.class);

    private final NotificationRepository outbox;
    private final TargetRegistry targets;
    private final Path file;
    private final String publicUrl;
    private final Instance<NotificationDefaults> defaults;
    private volatile NotificationConfig config = NotificationConfig.empty();

    public Notifications(NotificationRepository outbox, TargetRegistry targets, NotificationsProperties properties,
            HubProperties hub, Instance<NotificationDefaults> defaults) {
        this.outbox = outbox;
        this.defaults = defaults;
        this.targets = targets;
        this.file = properties.file();
        this.publicUrl = hub.publicUrl().replaceAll("/+$", "");
    }

    /** Before the targets (10): their policies name this file's channels. */
    void onStart(@Observes @Priority(5) StartupEvent event) {
        reload();
    }

    /** Re-reads notifications.yaml; an invalid file is refused (InvalidConfigException) and the current one stays. */
    public synchronized int reload() {
        NotificationConfig loaded = NotificationsFile.load(file);
        config = loaded;
        LOG.infof("notifications: %d channel(s), %d rule(s) from %s", loaded.channels().size(), loaded.rules().size(),
                file);
        return loaded.channels().size() + loaded.rules().size();
    }

    public NotificationConfig config() {
        return config;
    }

    public Path file() {
        return file;
    }

    /** A link to a job in the hub's API, for messages. */
    public String jobLink(String jobId) {
        return jobId == null ? null : publicUrl + "/api/v1/jobs/" + jobId;
    }

    /**
     * A finished job's events: backup.succeeded, backup.partial (stored, but a store holds no copy),
     * backup.failed, verification.failed, copy.failed (a replicate job gave up), restore.succeeded,
     * restore.failed, drill.succeeded, drill.failed (cancelled jobs: none). A drill's event names the
     * target drilled, not the scratch target it ran on.
     */
    void onJobFinished(@Observes JobFinished finished) {
        Job job = finished.job();
        if (job.kind() == JobKind.RESTORE || job.kind() == JobKind.DRILL) {
            boolean drill = job.kind() == JobKind.DRILL;
            switch (finished.status()) {
                case SUCCEEDED -> announce(drill ? EventType.DRILL_SUCCEEDED : EventType.RESTORE_SUCCEEDED, job,
                        "succeeded", null, finished.bytes());
                case FAILED -> announce(drill ? EventType.DRILL_FAILED : EventType.RESTORE_FAILED, job, "failed",
                        finished.error(), null);
                default -> {
                }
            }
            return;
        }
        if (job.kind() == JobKind.REPLICATE) {
            if (finished.status() == JobStatus.FAILED) {
                announce(EventType.COPY_FAILED, job, "failed", finished.error(), null);
            }
            return;
        }
        boolean backup = job.kind() == JobKind.BACKUP;
        switch (finished.status()) {
            case SUCCEEDED -> {
                if (backup) {
                    announce(EventType.BACKUP_SUCCEEDED, job, "succeeded", null, finished.bytes());
                }
            }
            case PARTIAL -> announce(EventType.BACKUP_PARTIAL, job, "partial", finished.error(), finished.bytes());
            case FAILED -> announce(backup ? EventType.BACKUP_FAILED : EventType.VERIFICATION_FAILED, job, "failed",
                    finished.error(), null);
            default -> {
                return;
            }
        }
        if (finished.status() != JobStatus.FAILED && finished.verification() == VerificationState.VERIFY_FAILED) {
            announce(EventType.VERIFICATION_FAILED, job, finished.status().id(),
                    "the stored backup failed verification: " + finished.verificationSummary(), finished.bytes());
        }
    }

    private void announce(EventType event, Job job, String status, String error, Long bytes) {
        String targetId = job.kind() == JobKind.DRILL ? String.valueOf(job.options().get("source")) : job.targetId();
        String environment = targets.find(targetId).map(Target::environment).orElse(null);
        publish(Event.of(event, targetId, environment).job(job.id(), jobLink(job.id())).status(status).error(error)
                .bytes(bytes).duration(job.durationMs())
                .detail(Map.of("kind", job.kind().id(), "trigger", job.trigger().id())).build());
    }

    /**
     * Queues a test message to one channel, through the outbox like any event (so it proves the channel as
     * deliveries use it); the notification's status then says whether it arrived.
     */
    public Notification sendTest(String channelId, String by) {
        NotificationConfig.Channel channel = config.channels().stream().filter(c -> c.id().equals(channelId))
                .findFirst()
                .orElseThrow(() -> HubException.notFound("no notification channel " + SafeValues.show(channelId)));
        Instant now = Instant.now();
        Event event = new Event(EventType.TEST, null, null, null, "test", null, null, null, now, null,
                Map.of("message", "a test message from backup-hub, sent by " + by));
        try {
            Notification n = new Notification(Ids.next(), event.event(), null, channel.id(), channel.type(),
                    Json.MAPPER.writeValueAsString(event), "pending", null, 0, now, null, now, null);
            outbox.insert(n);
            return n;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public void publish(Event event) {
        try {
            NotificationConfig current = config;
            String payload = Json.MAPPER.writeValueAsString(event);
            Instant now = Instant.now();
            List<NotificationDefaults.Sourced> rules = new java.util.ArrayList<>();
            for (int i = 0; i < current.rules().size(); i++) {
                rules.add(new NotificationDefaults.Sourced("rule-" + i, current.rules().get(i)));
            }
            if (event.targetId() != null && defaults.isResolvable()) {
                rules.addAll(defaults.get().rules(event.targetId()));
            }
            for (NotificationDefaults.Sourced sourced : rules) {
                NotificationConfig.Rule rule = sourced.rule();
                if (!rule.matches(event.event(), event.targetId(), event.environment())) {
                    continue;
                }
                for (String channelId : rule.channels()) {
                    String type = current.channels().stream().filter(c -> c.id().equals(channelId))
                            .map(NotificationConfig.Channel::type).findFirst().orElse(null);
                    if (type == null) {
                        continue;
                    }
                    boolean held = rule.daily();
                    outbox.insert(
                            new Notification(Ids.next(), event.event(), event.targetId(), channelId, type, payload,
                                    held ? "held" : "pending", held ? sourced.key() + ":" + channelId : null, 0,
                                    held ? null : now, null, now, null));
                }
            }
        } catch (JsonProcessingException | RuntimeException e) {
            LOG.errorf("could not queue notifications for %s: %s", event.event(), e.getMessage());
        }
    }
}
