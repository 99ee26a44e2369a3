package io.backuphub.api;

import io.backuphub.HubConfig;
import io.backuphub.Ids;
import io.backuphub.audit.AuditLog;
import io.backuphub.target.Problems;
import io.backuphub.webhook.Globs;
import io.backuphub.webhook.HookSignature;
import io.backuphub.webhook.Webhook;
import io.backuphub.webhook.WebhookRequest;
import io.backuphub.webhook.WebhookStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;

/** /api/v1/webhooks: the CI webhooks; a secret is shown once, when its webhook is created. */
@ApplicationScoped
@Named("webhooksApi")
public class WebhooksApi {

    static final int DEFAULT_RATE_PER_HOUR = 10;

    private final WebhookStore webhooks;
    private final AuditLog audit;
    private final HubConfig config;

    public WebhooksApi(WebhookStore webhooks, AuditLog audit, HubConfig config) {
        this.webhooks = webhooks;
        this.audit = audit;
        this.config = config;
    }

    public void create(Exchange exchange) {
        String caller = ApiSupport.caller(exchange);
        WebhookRequest request = ApiSupport.body(exchange, WebhookRequest.class, config.api().maxBodyBytes(), "{}");
        Webhook webhook = validate(request, caller);
        String secret = newSecret();
        webhooks.insert(webhook, secret);
        audit.record(caller, "webhook.create", "webhook/" + webhook.id(), ApiSupport.source(exchange), "succeeded",
                webhook.name());
        Map<String, Object> body = view(webhook);
        body.put("secret", secret);
        ApiSupport.respond(exchange, 201, body);
        exchange.getMessage().setHeader("Location", "/api/v1/webhooks/" + webhook.id());
    }

    public void list(Exchange exchange) {
        ApiSupport.respond(exchange, 200, new Views.Page<>(webhooks.list().stream().map(WebhooksApi::view).toList(), null));
    }

    public void get(Exchange exchange) {
        ApiSupport.respond(exchange, 200, view(webhook(exchange)));
    }

    public void delete(Exchange exchange) {
        Webhook webhook = webhook(exchange);
        webhooks.delete(webhook.id());
        audit.record(ApiSupport.caller(exchange), "webhook.delete", "webhook/" + webhook.id(), ApiSupport.source(exchange),
                "succeeded", webhook.name());
        exchange.getMessage().setBody(null);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 204);
    }

    public void enable(Exchange exchange) {
        setEnabled(exchange, true);
    }

    public void disable(Exchange exchange) {
        setEnabled(exchange, false);
    }

    private void setEnabled(Exchange exchange, boolean enabled) {
        Webhook webhook = webhook(exchange);
        webhooks.setEnabled(webhook.id(), enabled);
        audit.record(ApiSupport.caller(exchange), enabled ? "webhook.enable" : "webhook.disable",
                "webhook/" + webhook.id(), ApiSupport.source(exchange), "succeeded", webhook.name());
        ApiSupport.respond(exchange, 200, view(webhook(exchange)));
    }

    /** PUT /webhooks/{id}/signature-scheme {"signatureScheme": "v2" | "v1"}: v1 only for CI not yet updated. */
    public void setSignatureScheme(Exchange exchange) {
        Webhook webhook = webhook(exchange);
        SchemeRequest request = ApiSupport.body(exchange, SchemeRequest.class, config.api().maxBodyBytes(), "{}");
        Problems problems = new Problems();
        HookSignature.Scheme scheme = scheme(request.signatureScheme(), true, problems);
        if (!problems.isEmpty()) {
            throw ApiException.badRequest(String.join("; ", problems.messages()), problems.messages());
        }
        webhooks.setSignatureScheme(webhook.id(), scheme);
        audit.record(ApiSupport.caller(exchange), "webhook.signature-scheme", "webhook/" + webhook.id(),
                ApiSupport.source(exchange), "succeeded", webhook.name() + ": " + scheme.id());
        ApiSupport.respond(exchange, 200, view(webhook(exchange)));
    }

    /** Body of PUT /webhooks/{id}/signature-scheme. */
    public record SchemeRequest(String signatureScheme) {
    }

    private static HookSignature.Scheme scheme(String value, boolean required, Problems problems) {
        if (value == null && !required) {
            return HookSignature.Scheme.V2;
        }
        try {
            return HookSignature.Scheme.of(value);
        } catch (IllegalArgumentException e) {
            problems.add("signatureScheme", "must be \"v2\" (timestamp, delivery id and body) or the deprecated \"v1\"");
            return HookSignature.Scheme.V2;
        }
    }

    private Webhook webhook(Exchange exchange) {
        String id = ApiSupport.idParam(exchange, "webhook");
        return webhooks.find(id).orElseThrow(() -> ApiException.notFound("no webhook " + id));
    }

    static Webhook validate(WebhookRequest r, String caller) {
        Problems problems = new Problems();
        if (r.name() == null || !r.name().matches("[A-Za-z0-9 ._-]{1,100}")) {
            problems.add("name", "is required: 1-100 letters, digits, spaces, '.', '_' or '-'");
        }
        List<String> actions = r.allowedActions() == null ? List.of() : r.allowedActions();
        if (actions.isEmpty() || !Webhook.ACTIONS.containsAll(actions)) {
            problems.add("allowedActions", "must list one or more of " + Webhook.ACTIONS);
        }
        List<String> targets = r.allowedTargets() == null ? List.of() : r.allowedTargets();
        globs(targets, "allowedTargets", problems);
        List<String> environments = r.allowedEnvironments() == null ? List.of("*") : r.allowedEnvironments();
        globs(environments, "allowedEnvironments", problems);
        int rate = r.ratePerHour() == null ? DEFAULT_RATE_PER_HOUR : r.ratePerHour();
        if (rate < 1 || rate > 3600) {
            problems.add("ratePerHour", "must be within 1..3600");
        }
        HookSignature.Scheme scheme = scheme(r.signatureScheme(), false, problems);
        if (!problems.isEmpty()) {
            throw ApiException.badRequest(String.join("; ", problems.messages()), problems.messages());
        }
        return new Webhook(Ids.next(), r.name(), actions, targets, environments, rate,
                r.enabled() == null || r.enabled(), Instant.now(), caller, scheme);
    }

    private static void globs(List<String> globs, String field, Problems problems) {
        if (globs.isEmpty()) {
            problems.add(field, "must list at least one id, or \"*\"");
        }
        for (int i = 0; i < globs.size(); i++) {
            if (!Globs.valid(globs.get(i))) {
                problems.add(field + "[" + i + "]", "must be an id or a glob of [a-z0-9-] and '*'");
            }
        }
    }

    private static Map<String, Object> view(Webhook w) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", w.id());
        view.put("name", w.name());
        view.put("url", "/hooks/" + w.id());
        view.put("allowedActions", w.allowedActions());
        view.put("allowedTargets", w.allowedTargets());
        view.put("allowedEnvironments", w.allowedEnvironments());
        view.put("ratePerHour", w.ratePerHour());
        view.put("enabled", w.enabled());
        view.put("createdAt", w.createdAt());
        view.put("createdBy", w.createdBy());
        view.put("signatureScheme", w.signatureScheme().id());
        return view;
    }

    /** 256 random bits. */
    static String newSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
