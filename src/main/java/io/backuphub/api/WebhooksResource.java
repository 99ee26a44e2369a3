package io.backuphub.api;

import io.backuphub.auth.Permission;
import io.backuphub.common.HookSignature;
import io.backuphub.common.HubException;
import io.backuphub.common.Ids;
import io.backuphub.common.Problems;
import io.backuphub.webhook.Webhook;
import io.backuphub.webhook.WebhookRepository;
import io.backuphub.webhook.WebhookRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestResponse;

/** The CI webhooks; a secret is shown once, when its webhook is created. */
@Path("/api/v1")
public class WebhooksResource {

    /** Body of PUT /webhooks/{id}/signature-scheme. */
    public record SchemeRequest(String signatureScheme) {
    }

    @Inject WebhookRepository webhooks;
    @Inject Caller caller;

    @Requires(Permission.SETTINGS_MODIFY)
    @POST
    @Path("webhooks")
    @Operation(summary = "Create a signed webhook for CI; the answer shows its secret, once")
    @APIResponse(responseCode = "201", description = "Created, with its secret (shown this once); Location names it", content = @Content(mediaType = "application/json", schema = @Schema(implementation = Views.CreatedWebhook.class)))
    public RestResponse<Views.CreatedWebhook> create(WebhookRequest body) {
        Webhook webhook = (body == null ? new WebhookRequest(null, null, null, null, null, null, null) : body)
                .toWebhook(caller.name());
        String secret = WebhookRequest.newSecret();
        webhooks.insert(webhook, secret);
        caller.audit("webhook.create", "webhook/" + webhook.id(), "succeeded", webhook.name());
        return Answers.created(Views.CreatedWebhook.of(Views.WebhookView.of(webhook), secret),
                "/api/v1/webhooks/" + webhook.id());
    }

    @Requires(Permission.SETTINGS_MODIFY)
    @GET
    @Path("webhooks")
    @Operation(summary = "Webhooks (never their secrets)")
    public Page<Views.WebhookView> list() {
        return Page.all(webhooks.list().stream().map(Views.WebhookView::of).toList());
    }

    @Requires(Permission.SETTINGS_MODIFY)
    @GET
    @Path("webhooks/{id}")
    @Operation(summary = "One webhook")
    public Views.WebhookView get(@PathParam("id") String id) {
        return Views.WebhookView.of(webhook(id));
    }

    @Requires(Permission.SETTINGS_MODIFY)
    @DELETE
    @Path("webhooks/{id}")
    @Operation(summary = "Delete a webhook: its deliveries answer 401 from then on")
    public RestResponse<Void> delete(@PathParam("id") String id) {
        Webhook webhook = webhook(id);
        webhooks.delete(webhook.id());
        audited("webhook.delete", webhook, webhook.name());
        return RestResponse.noContent();
    }

    @Requires(Permission.SETTINGS_MODIFY)
    @POST
    @Path("webhooks/{id}/enable")
    @Operation(summary = "Accept deliveries again")
    public Views.WebhookView enable(@PathParam("id") String id) {
        return setEnabled(id, true);
    }

    @Requires(Permission.SETTINGS_MODIFY)
    @POST
    @Path("webhooks/{id}/disable")
    @Operation(summary = "Refuse deliveries (403) until enabled")
    public Views.WebhookView disable(@PathParam("id") String id) {
        return setEnabled(id, false);
    }

    @Requires(Permission.SETTINGS_MODIFY)
    @PUT
    @Path("webhooks/{id}/signature-scheme")
    @Operation(summary = "{\"signatureScheme\": \"v2\"} (timestamp, delivery id and body; the default) or the deprecated"
            + " \"v1\" (timestamp and body), for CI that still signs the old way")
    public Views.WebhookView setSignatureScheme(@PathParam("id") String id, SchemeRequest body) {
        Webhook webhook = webhook(id);
        Problems problems = new Problems();
        HookSignature.Scheme scheme = WebhookRequest.scheme(body == null ? null : body.signatureScheme(), problems);
        problems.throwIfAny();
        webhooks.setSignatureScheme(webhook.id(), scheme);
        audited("webhook.signature-scheme", webhook, webhook.name() + ": " + scheme.id());
        return Views.WebhookView.of(webhook(id));
    }

    private Views.WebhookView setEnabled(String id, boolean enabled) {
        Webhook webhook = webhook(id);
        webhooks.setEnabled(webhook.id(), enabled);
        audited(enabled ? "webhook.enable" : "webhook.disable", webhook, webhook.name());
        return Views.WebhookView.of(webhook(id));
    }

    private void audited(String action, Webhook webhook, String detail) {
        caller.audit(action, "webhook/" + webhook.id(), "succeeded", detail);
    }

    private Webhook webhook(String id) {
        Ids.require(id, "webhook");
        return webhooks.find(id).orElseThrow(() -> HubException.notFound("no webhook " + id));
    }
}
