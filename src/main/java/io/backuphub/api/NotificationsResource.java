package io.backuphub.api;

import io.backuphub.auth.Permission;
import io.backuphub.common.HubException;
import io.backuphub.notify.Notification;
import io.backuphub.notify.NotificationConfig;
import io.backuphub.notify.NotificationDelivery;
import io.backuphub.notify.NotificationRepository;
import io.backuphub.notify.Notifications;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestResponse;

/** The outbox (e.g. what could not be delivered), the configuration, digests. */
@Path("/api/v1")
public class NotificationsResource {

    private static final Set<String> STATUSES = Set.of("pending", "delivered", "failed", "held", "digested");

    /** Channels (their secrets are references, never values) and rules, as notifications.yaml declares them. */
    public record ConfigView(String file, List<NotificationConfig.Channel> channels,
            List<NotificationConfig.Rule> rules,
            List<String> events) {
    }

    /** How many digests were sent. */
    public record DigestsSent(int digests) {
    }

    @Inject NotificationRepository outbox;
    @Inject Notifications notifications;
    @Inject NotificationDelivery delivery;
    @Inject Caller caller;

    @Requires(Permission.BACKUP_VIEW)
    @GET
    @Path("notifications")
    @Operation(summary = "Notifications, newest first; ?status=failed lists what could not be delivered")
    public Page<Views.NotificationView> list(
            @Parameter(description = "pending, delivered, failed, held or digested") @QueryParam("status") String status,
            @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        if (status != null && !STATUSES.contains(status)) {
            throw HubException.invalid("status must be one of " + STATUSES);
        }
        int size = Page.limit(limit);
        return Page.of(outbox.list(status, caller.visibleTargets(), size, Cursor.decode(cursor, JobsResource.ID)), size,
                Views.NotificationView::of, Notification::id);
    }

    @Requires(Permission.SETTINGS_MODIFY)
    @POST
    @Path("notifications/channels/{id}/test")
    @Operation(summary = "Send a test message to one channel through the outbox; the answer names the notification,"
            + " whose status tells whether it arrived")
    @APIResponse(responseCode = "202", description = "Queued")
    public RestResponse<Views.NotificationView> sendTest(@PathParam("id") String id) {
        Notification n = notifications.sendTest(id, caller.name());
        caller.audit("notification.test", "channel/" + id, "accepted", "notification " + n.id());
        return Answers.accepted(Views.NotificationView.of(n), "/api/v1/notifications?status=pending");
    }

    @Requires(Permission.SETTINGS_MODIFY)
    @GET
    @Path("notifications/config")
    @Operation(summary = "Channels and rules from notifications.yaml (secrets are references, never values)")
    public ConfigView config() {
        NotificationConfig config = notifications.config();
        return new ConfigView(notifications.file().toString(), config.channels(), config.rules(),
                NotificationConfig.EVENTS);
    }

    @Requires(Permission.SETTINGS_MODIFY)
    @POST
    @Path("notifications/reload")
    @Operation(summary = "Re-read notifications.yaml; an invalid file is refused (422) and what runs stays")
    public ConfigView reload() {
        notifications.reload();
        caller.audit("notifications.reload", notifications.file().toString(), "succeeded", null);
        return config();
    }

    @Requires(Permission.SETTINGS_MODIFY)
    @POST
    @Path("notifications/digests")
    @Operation(summary = "Send the daily digests now")
    @APIResponse(responseCode = "202", description = "Digests sent", content = @Content(mediaType = "application/json", schema = @Schema(implementation = DigestsSent.class)))
    public RestResponse<DigestsSent> sendDigests() {
        int sent = delivery.sendDigests();
        caller.audit("notifications.digest", "digests", "succeeded", sent + " digest(s)");
        return RestResponse.accepted(new DigestsSent(sent));
    }
}
