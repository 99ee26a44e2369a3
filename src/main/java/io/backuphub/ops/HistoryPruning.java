package io.backuphub.ops;

import io.backuphub.HubConfig;
import io.backuphub.notify.NotificationStore;
import io.backuphub.webhook.WebhookReceiver;
import io.backuphub.webhook.WebhookStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * The prune-history route's step: the catalog keeps the hub's working records for hub.history.keep,
 * so a busy hub's outbox and CI delivery log do not grow for ever. Jobs, artifacts and the audit log
 * are the record of what happened to the data and are never pruned here.
 */
@ApplicationScoped
@Named("historyPruning")
public class HistoryPruning {

    private static final Logger LOG = Logger.getLogger(HistoryPruning.class);
    /** A delivery id must be remembered while a replay could still pass and while it counts toward the hourly rate. */
    static final Duration MINIMUM_KEEP = Duration.ofHours(1).plus(WebhookReceiver.REPLAY_WINDOW);

    private final NotificationStore notifications;
    private final WebhookStore webhooks;
    private final Duration keep;
    private final Clock clock;

    @Inject
    public HistoryPruning(NotificationStore notifications, WebhookStore webhooks, HubConfig config) {
        this(notifications, webhooks, config.history().keep(), Clock.systemUTC());
    }

    HistoryPruning(NotificationStore notifications, WebhookStore webhooks, Duration keep, Clock clock) {
        this.notifications = notifications;
        this.webhooks = webhooks;
        this.keep = keep.compareTo(MINIMUM_KEEP) < 0 ? MINIMUM_KEEP : keep;
        this.clock = clock;
    }

    /** Deletes what is older than the keep period; returns how many rows went. */
    public int prune() {
        Instant before = clock.instant().minus(keep);
        int sent = notifications.pruneFinished(before);
        int deliveries = webhooks.pruneDeliveries(before);
        LOG.infof("pruned %d finished notifications and %d webhook deliveries from before %s", sent, deliveries, before);
        return sent + deliveries;
    }
}
