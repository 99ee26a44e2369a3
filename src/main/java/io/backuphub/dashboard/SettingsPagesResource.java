package io.backuphub.dashboard;

import io.backuphub.api.AuditResource;
import io.backuphub.api.KeysResource;
import io.backuphub.api.NotificationsResource;
import io.backuphub.api.Page;
import io.backuphub.api.Requires;
import io.backuphub.api.SchedulesResource;
import io.backuphub.api.UsersResource;
import io.backuphub.api.Views;
import io.backuphub.api.WebhooksResource;
import io.backuphub.audit.AuditEntry;
import io.backuphub.auth.Permission;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The pages about how the hub is set up and what it did: schedules (pause, resume), notifications
 * (channels, failed deliveries, a test message), webhooks and API keys (create: the secret shown once;
 * keys rotated and revoked), and the audit log (filters, CSV/JSON export). Each shows an API answer; each button calls the API.
 */
@Path("/")
public class SettingsPagesResource {

    /** The audit filters as the form shows them; {@code query} keeps them across pages and in export links. */
    public record AuditFilters(String actor, String action, String resource, String outcome, String since) {

        public String query() {
            return "actor=" + enc(actor) + "&action=" + enc(action) + "&resource=" + enc(resource) + "&outcome="
                    + enc(outcome) + "&since=" + enc(since);
        }

        /** The same filters for GET /api/v1/audit/export, the span turned into the instant it starts at. */
        public String exportQuery() {
            JobsPageResource.Span span = JobsPageResource.span(since);
            return "actor=" + enc(actor) + "&action=" + enc(action) + "&resource=" + enc(resource) + "&outcome="
                    + enc(outcome) + (span == null ? "" : "&from=" + Instant.now().minus(span.length()));
        }

        /** The outcomes audit events have. */
        public List<String> outcomes() {
            return List.of("succeeded", "accepted", "failed", "refused", "denied");
        }

        private static String enc(String value) {
            return URLEncoder.encode(value, StandardCharsets.UTF_8);
        }
    }

    @CheckedTemplate
    static class Templates {

        static native TemplateInstance schedules(List<Views.ScheduleView> schedules);

        static native TemplateInstance notifications(NotificationsResource.ConfigView config,
                List<Views.NotificationView> failed, List<Views.NotificationView> recent);

        static native TemplateInstance webhooks(List<Views.WebhookView> webhooks);

        static native TemplateInstance keys(List<KeysResource.KeyView> keys, java.time.Instant now);

        static native TemplateInstance users(List<UsersResource.UserView> users);

        static native TemplateInstance audit(Page<AuditEntry> events, AuditFilters filters,
                List<JobsPageResource.Span> spans, boolean firstPage);
    }

    @Inject SchedulesResource schedules;
    @Inject NotificationsResource notifications;
    @Inject WebhooksResource webhooks;
    @Inject KeysResource keys;
    @Inject UsersResource users;
    @Inject AuditResource audit;

    @Requires(Permission.BACKUP_VIEW)
    @GET
    @Path("schedules")
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Response schedules() {
        return Pages.html(Templates.schedules(schedules.list(null, 500, null).items()), 200);
    }

    @Requires(Permission.SETTINGS_MODIFY)
    @GET
    @Path("notifications")
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Response notifications() {
        return Pages.html(Templates.notifications(notifications.config(),
                notifications.list("failed", 50, null).items(), notifications.list(null, 20, null).items()), 200);
    }

    @Requires(Permission.SETTINGS_MODIFY)
    @GET
    @Path("webhooks")
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Response webhooks() {
        return Pages.html(Templates.webhooks(webhooks.list().items()), 200);
    }

    @Requires(Permission.KEYS_MANAGE)
    @GET
    @Path("keys")
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Response keys() {
        return Pages.html(Templates.keys(keys.list().items(), java.time.Instant.now()), 200);
    }

    @Requires(Permission.USERS_MANAGE)
    @GET
    @Path("users")
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Response users() {
        return Pages.html(Templates.users(users.list().items()), 200);
    }

    @Requires(Permission.AUDIT_VIEW)
    @GET
    @Path("audit")
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Response audit(@QueryParam("actor") String actor, @QueryParam("action") String action,
            @QueryParam("resource") String resource, @QueryParam("outcome") String outcome,
            @QueryParam("since") String since, @QueryParam("cursor") String cursor) {
        JobsPageResource.Span span = JobsPageResource.span(since);
        AuditFilters filters = new AuditFilters(orEmpty(actor), orEmpty(action), orEmpty(resource), orEmpty(outcome),
                span == null ? "" : span.id());
        Instant from = span == null ? null : Instant.now().minus(span.length());
        return Pages.html(
                Templates.audit(audit.list(actor, null, action, resource, outcome, from, null, 50, cursor), filters,
                        JobsPageResource.SPANS, cursor == null),
                200);
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
