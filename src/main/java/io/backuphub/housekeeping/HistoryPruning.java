package io.backuphub.housekeeping;

import io.backuphub.audit.AuditProperties;
import io.backuphub.audit.AuditRepository;
import io.backuphub.notify.NotificationRepository;
import io.backuphub.webhook.WebhookReceiver;
import io.backuphub.webhook.WebhookRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The prune-history route's step: the catalog keeps the hub's working records for hub.history.keep,
 * so a busy hub's outbox and CI delivery log do not grow for ever. Jobs and artifacts are the record
 * of what happened to the data and are never pruned here; the audit log only when hub.audit.keep says so.
 */
@ApplicationScoped
@Named("historyPruning")
public class HistoryPruning {

    private static final Logger LOG = Logger.getLogger(HistoryPruning.class);
    /** A delivery id must be remembered while a replay could still pass and while it counts toward the hourly rate. */
    static final Duration MINIMUM_KEEP = Duration.ofHours(1).plus(WebhookReceiver.REPLAY_WINDOW);

    private final NotificationRepository notifications;
    private final WebhookRepository webhooks;
    private final AuditRepository audit;
    private final Duration keep;
    private final Optional<Duration> keepAudit;
    private final Clock clock;

    @Inject
    public HistoryPruning(NotificationRepository notifications, WebhookRepository webhooks, AuditRepository audit,
            HistoryProperties history, AuditProperties auditLog) {
        this(notifications, webhooks, audit, history.keep(), auditLog.keep(), Clock.systemUTC());
    }

    HistoryPruning(NotificationRepository notifications, WebhookRepository webhooks, AuditRepository audit,
            Duration keep,
            Optional<Duration> keepAudit, Clock clock) {
        this.notifications = notifications;
        this.webhooks = webhooks;
        this.audit = audit;
        this.keep = keep.compareTo(MINIMUM_KEEP) < 0 ? MINIMUM_KEEP : keep;
        this.keepAudit = keepAudit;
        this.clock = clock;
    }

    /** Deletes what is older than the keep period; returns how many rows went. */
    public int prune() {
        Instant before = clock.instant().minus(keep);
        int sent = notifications.pruneFinished(before);
        int deliveries = webhooks.pruneDeliveries(before);
        LOG.infof("pruned %d finished notifications and %d webhook deliveries from before %s", sent, deliveries,
                before);
        int events = 0;
        if (keepAudit.isPresent()) {
            Instant auditBefore = clock.instant().minus(keepAudit.get());
            events = audit.prune(auditBefore);
            LOG.infof("pruned %d audit events from before %s (hub.audit.keep)", events, auditBefore);
        }
        return sent + deliveries + events;
    }
}
