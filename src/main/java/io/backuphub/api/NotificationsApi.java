package io.backuphub.api;

import io.backuphub.InvalidConfigException;
import io.backuphub.audit.AuditLog;
import io.backuphub.notify.Notification;
import io.backuphub.notify.NotificationConfig;
import io.backuphub.notify.NotificationDelivery;
import io.backuphub.notify.NotificationStore;
import io.backuphub.notify.Notifications;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.Exchange;

/** /api/v1/notifications: the outbox (e.g. what could not be delivered), the configuration, digests. */
@ApplicationScoped
@Named("notificationsApi")
public class NotificationsApi {

    private static final Set<String> STATUSES = Set.of("pending", "delivered", "failed", "held", "digested");

    private final NotificationStore outbox;
    private final Notifications notifications;
    private final NotificationDelivery delivery;
    private final AuditLog audit;

    public NotificationsApi(NotificationStore outbox, Notifications notifications, NotificationDelivery delivery,
                            AuditLog audit) {
        this.outbox = outbox;
        this.notifications = notifications;
        this.delivery = delivery;
        this.audit = audit;
    }

    public void list(Exchange exchange) {
        String status = ApiSupport.query(exchange, "status");
        if (status != null && !STATUSES.contains(status)) {
            throw ApiException.badRequest("status must be one of " + STATUSES);
        }
        int limit = ApiSupport.limitQuery(exchange, JobsApi.DEFAULT_LIMIT, JobsApi.MAX_LIMIT);
        List<Notification> found = outbox.list(status, limit + 1, ApiSupport.cursorQuery(exchange));
        ApiSupport.respond(exchange, 200, Views.Page.of(found, limit, NotificationsApi::view,
                n -> ApiSupport.cursorFor(n.id())));
    }

    /** Channels (without their secret references' values, which the hub never returns) and rules. */
    public void config(Exchange exchange) {
        NotificationConfig config = notifications.config();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("file", notifications.file().toString());
        view.put("channels", config.channels());
        view.put("rules", config.rules());
        view.put("events", NotificationConfig.EVENTS);
        ApiSupport.respond(exchange, 200, view);
    }

    public void reload(Exchange exchange) {
        try {
            notifications.reload();
            audit.record(ApiSupport.caller(exchange), "notifications.reload", notifications.file().toString(),
                    ApiSupport.source(exchange), "succeeded", null);
            config(exchange);
        } catch (InvalidConfigException e) {
            throw new ApiException(422, "invalid-notifications-file", "Invalid notifications file",
                    notifications.file() + " was not applied; the channels and rules in use are unchanged", e.problems());
        }
    }

    /** Sends the daily digests now (the send-digests route does it on its cron). */
    public void sendDigests(Exchange exchange) {
        int sent = delivery.sendDigests();
        audit.record(ApiSupport.caller(exchange), "notifications.digest", "digests", ApiSupport.source(exchange),
                "succeeded", sent + " digest(s)");
        ApiSupport.respond(exchange, 202, Map.of("digests", sent));
    }

    private static Map<String, Object> view(Notification n) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", n.id());
        view.put("event", n.event());
        view.put("targetId", n.targetId());
        view.put("channelId", n.channelId());
        view.put("channelType", n.channelType());
        view.put("status", n.status());
        view.put("attempts", n.attempts());
        view.put("nextAttemptAt", n.nextAttemptAt());
        view.put("lastError", n.lastError());
        view.put("createdAt", n.createdAt());
        view.put("deliveredAt", n.deliveredAt());
        return view;
    }
}
