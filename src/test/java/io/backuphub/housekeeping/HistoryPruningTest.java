package io.backuphub.housekeeping;

import static org.assertj.core.api.Assertions.assertThat;

import io.backuphub.audit.AuditEntry;
import io.backuphub.audit.AuditRepository;
import io.backuphub.common.Ids;
import io.backuphub.notify.Notification;
import io.backuphub.notify.NotificationRepository;
import io.backuphub.testing.HubTestResource;
import io.backuphub.webhook.WebhookRepository;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The catalog forgets finished notifications and CI deliveries after hub.history.keep, audit events
 * only after hub.audit.keep when it is set, and nothing else.
 */
@QuarkusTest
@QuarkusTestResource(value = HubTestResource.class, restrictToAnnotatedClass = false)
class HistoryPruningTest {

    @Inject NotificationRepository notifications;

    @Inject WebhookRepository webhooks;

    @Inject HistoryPruning pruning;

    @Inject AuditRepository audit;

    @Test
    void oldFinishedRecordsGoAndEverythingElseStays() {
        Instant now = Instant.now();
        Instant old = now.minus(Duration.ofDays(91));
        String oldDelivered = notification("delivered", old, null);
        String oldFailed = notification("failed", old, null);
        // Still being retried (next attempt tomorrow, so no hub sends it during the test): never pruned.
        String oldPending = notification("pending", old, now.plus(Duration.ofDays(1)));
        String recentDelivered = notification("delivered", now.minus(Duration.ofDays(1)), null);
        String webhook = Ids.next();
        webhooks.claimDelivery(webhook, "old-delivery", null, old);
        webhooks.claimDelivery(webhook, "recent-delivery", null, now.minus(Duration.ofDays(1)));

        assertThat(pruning.prune()).isGreaterThanOrEqualTo(3);

        assertThat(notifications.find(oldDelivered)).isEmpty();
        assertThat(notifications.find(oldFailed)).isEmpty();
        assertThat(notifications.find(oldPending)).isPresent();
        assertThat(notifications.find(recentDelivered)).isPresent();
        assertThat(webhooks.delivery(webhook, "old-delivery")).isEmpty();
        assertThat(webhooks.delivery(webhook, "recent-delivery")).isPresent();
    }

    @Test
    void deliveriesStayWhileTheyCanStillBeReplayedOrCountTowardTheRate() {
        Instant now = Instant.now();
        String webhook = Ids.next();
        webhooks.claimDelivery(webhook, "forty-minutes-ago", null, now.minus(Duration.ofMinutes(40)));
        webhooks.claimDelivery(webhook, "two-hours-ago", null, now.minus(Duration.ofHours(2)));

        new HistoryPruning(notifications, webhooks, audit, Duration.ofSeconds(1), Optional.empty(), Clock.systemUTC())
                .prune();

        assertThat(webhooks.delivery(webhook, "forty-minutes-ago")).isPresent();
        assertThat(webhooks.delivery(webhook, "two-hours-ago")).isEmpty();
    }

    @Test
    void theAuditLogIsKeptUnlessHubAuditKeepSaysOtherwise() {
        Instant now = Instant.now();
        String marker = "pruning-" + Ids.next();
        audit.record(now.minus(Duration.ofDays(400)), "tester", "old." + marker, "r", null, "ok", null);
        audit.record(now.minus(Duration.ofDays(2)), "tester", "recent." + marker, "r", null, "ok", null);

        pruning.prune(); // the default: hub.audit.keep unset
        assertThat(actions(marker)).containsExactlyInAnyOrder("old." + marker, "recent." + marker);

        new HistoryPruning(notifications, webhooks, audit, Duration.ofDays(90), Optional.of(Duration.ofDays(365)),
                Clock.systemUTC()).prune();
        assertThat(actions(marker)).containsExactly("recent." + marker);
    }

    private java.util.List<String> actions(String marker) {
        return audit.recent(500, null).stream().map(AuditEntry::action).filter(a -> a.endsWith(marker)).toList();
    }

    private String notification(String status, Instant createdAt, Instant nextAttemptAt) {
        String id = Ids.next();
        notifications.insert(new Notification(id, "backup.succeeded", "pruned-target", "no-such-channel", "webhook",
                "{}", status, null, 1, nextAttemptAt, null, createdAt, "delivered".equals(status) ? createdAt : null));
        return id;
    }
}
