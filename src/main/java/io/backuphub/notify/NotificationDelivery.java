package io.backuphub.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.backuphub.common.Errors;
import io.backuphub.common.Ids;
import io.backuphub.common.Json;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Variable;
import org.jboss.logging.Logger;

/**
 * The deliver-notifications and send-digests routes' steps: what is due, what happened to each
 * attempt (delivered, or retried after the next of hub.notifications.retry-delays, then failed for
 * good and listed by GET /api/v1/notifications?status=failed), and the daily digests.
 */
@ApplicationScoped
@Named("notificationDelivery")
public class NotificationDelivery {

    private static final Logger LOG = Logger.getLogger(NotificationDelivery.class);
    public static final String NOTIFICATION = "notification";
    static final int BATCH = 25;
    /** Longer than a send can take (channel timeouts are 10 s). */
    static final Duration LEASE = Duration.ofMinutes(2);

    private final NotificationRepository outbox;
    private final List<Duration> retryDelays;

    public NotificationDelivery(NotificationRepository outbox, NotificationsProperties config) {
        this.outbox = outbox;
        this.retryDelays = config.retryDelays();
    }

    /** Due notifications this hub has claimed (replicas sharing the catalog never send one twice). */
    public List<Notification> due() {
        Instant now = Instant.now();
        return outbox.due(now, BATCH).stream()
                .filter(n -> outbox.claim(n, now.plus(LEASE)))
                .toList();
    }

    public void delivered(@Variable(NOTIFICATION) Notification n) {
        outbox.delivered(n.id(), Instant.now());
    }

    public void failed(@Variable(NOTIFICATION) Notification n, Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String error = Errors.describe(cause);
        int attempt = n.attempts() + 1;
        Instant next = attempt <= retryDelays.size() ? Instant.now().plus(retryDelays.get(attempt - 1)) : null;
        outbox.attemptFailed(n.id(), error, next);
        if (next == null) {
            LOG.errorf("notification %s (%s to %s) failed after %d attempts: %s", n.id(), n.event(), n.channelId(),
                    attempt, error);
        } else {
            LOG.warnf("notification %s (%s to %s) attempt %d failed, retrying at %s: %s", n.id(), n.event(),
                    n.channelId(), attempt, next, error);
        }
    }

    /** The send-digests route's step: one summary per rule and channel of everything held since the last. */
    public int sendDigests() {
        Map<String, List<Notification>> groups = new LinkedHashMap<>();
        for (Notification held : outbox.held()) {
            groups.computeIfAbsent(held.digestKey(), k -> new ArrayList<>()).add(held);
        }
        Instant now = Instant.now();
        for (List<Notification> group : groups.values()) {
            List<String> lines = new ArrayList<>();
            for (Notification n : group) {
                lines.add(n.createdAt() + " " + Message.of(n).headline());
            }
            Notification first = group.get(0);
            Digest digest = new Digest("digest", group.size(), first.createdAt(),
                    group.get(group.size() - 1).createdAt(), lines);
            try {
                outbox.insert(new Notification(Ids.next(), "digest", null, first.channelId(), first.channelType(),
                        Json.MAPPER.writeValueAsString(digest), "pending", first.digestKey(), 0, now, null, now, null));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            outbox.digested(group.stream().map(Notification::id).toList());
        }
        return groups.size();
    }
}
