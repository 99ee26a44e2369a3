package io.backuphub.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.backuphub.HubConfig;
import io.backuphub.Ids;
import io.backuphub.Json;
import io.backuphub.JsonErrors;
import io.backuphub.api.ApiException;
import io.backuphub.api.ApiSupport;
import io.backuphub.audit.AuditLog;
import io.backuphub.backup.BackupCall;
import io.backuphub.backup.BackupRequest;
import io.backuphub.job.Job;
import io.backuphub.job.JobStore;
import io.backuphub.job.Trigger;
import io.backuphub.target.Target;
import io.backuphub.target.TargetRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;

/**
 * The receive-webhook route's steps: a delivery from CI is verified (HMAC over timestamp + body,
 * constant-time; 5-minute window), checked against the webhook's scope and rate, de-duplicated by
 * delivery id, and becomes a backup request. Every refusal happens before anything starts.
 */
@ApplicationScoped
@Named("webhookReceiver")
public class WebhookReceiver {

    public static final Duration REPLAY_WINDOW = Duration.ofMinutes(5);
    static final String EXISTING_JOB = "existingJob";
    static final String CALL = "webhookCall";
    private static final Pattern DELIVERY_ID = Pattern.compile("[A-Za-z0-9._:-]{1,200}");

    /** The body CI sends: {"action":"backup","target":"orders","metadata":{...}}. */
    public record HookRequest(String action, String target, JsonNode metadata) {
    }

    /** A verified delivery on its way through the route. */
    public record WebhookCall(Webhook webhook, String deliveryId, HookRequest request, String source) {
    }

    private final WebhookStore webhooks;
    private final TargetRegistry targets;
    private final JobStore jobs;
    private final AuditLog audit;
    private final HubConfig config;
    private final Clock clock = Clock.systemUTC();

    public WebhookReceiver(WebhookStore webhooks, TargetRegistry targets, JobStore jobs, AuditLog audit, HubConfig config) {
        this.webhooks = webhooks;
        this.targets = targets;
        this.jobs = jobs;
        this.audit = audit;
        this.config = config;
    }

    /** Signature (over timestamp, delivery id and body), freshness and enabled flag: 401 / 403 before the body is parsed. */
    public WebhookCall verify(Exchange exchange) {
        ApiSupport.requireKnownQuery(exchange, Set.of());
        Object id = exchange.getMessage().getHeader("id");
        byte[] body = exchange.getMessage().getBody(byte[].class);
        body = body == null ? new byte[0] : body;
        if (body.length > config.api().maxBodyBytes()) {
            throw ApiException.tooLarge(config.api().maxBodyBytes());
        }
        String timestamp = header(exchange, HookSignature.TIMESTAMP);
        String signature = header(exchange, HookSignature.SIGNATURE);
        String delivery = header(exchange, HookSignature.DELIVERY);
        if (!(id instanceof String webhookId) || !Ids.isId(webhookId)) {
            throw unauthorized("unknown webhook or invalid signature");
        }
        if (timestamp == null || signature == null) {
            throw unauthorized("missing " + HookSignature.TIMESTAMP + " or " + HookSignature.SIGNATURE + " header");
        }
        if (delivery == null || !DELIVERY_ID.matcher(delivery).matches()) {
            throw ApiException.badRequest(HookSignature.DELIVERY + " must be 1-200 characters of [A-Za-z0-9._:-]");
        }
        Webhook webhook = webhooks.find(webhookId).orElseThrow(() -> unauthorized("unknown webhook or invalid signature"));
        String secret = webhooks.secret(webhookId).orElse(null);
        if (secret == null || !HookSignature.verify(webhook.signatureScheme(), secret, timestamp, delivery, body, signature)) {
            throw unauthorized("unknown webhook or invalid signature");
        }
        if (!fresh(timestamp)) {
            throw unauthorized("stale or malformed " + HookSignature.TIMESTAMP
                    + ": deliveries are accepted for " + REPLAY_WINDOW.toMinutes() + " minutes after signing");
        }
        if (!webhook.enabled()) {
            throw forbidden("webhook " + webhook.name() + " is disabled");
        }
        HookRequest request;
        try {
            request = Json.MAPPER.readValue(body, HookRequest.class);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest(JsonErrors.describe(e));
        } catch (java.io.IOException e) {
            throw ApiException.badRequest("unreadable body");
        }
        return new WebhookCall(webhook, delivery, request, ApiSupport.source(exchange));
    }

    /**
     * Scope, rate and de-duplication. Returns the backup call for request-backup, or null when the
     * delivery was accepted before (the {@code existingJob} variable then names its job).
     */
    public BackupCall admit(WebhookCall call, Exchange exchange) {
        Webhook webhook = call.webhook();
        exchange.setVariable(CALL, call);
        var previous = webhooks.delivery(webhook.id(), call.deliveryId());
        if (previous.isPresent()) {
            return duplicate(previous.get(), exchange);
        }
        HookRequest request = call.request();
        if (request.action() == null || !webhook.allowsAction(request.action())) {
            throw forbidden("action " + request.action() + " is not allowed for webhook " + webhook.name());
        }
        if (request.target() == null || !webhook.allowsTarget(request.target())) {
            throw forbidden("target " + request.target() + " is not allowed for webhook " + webhook.name());
        }
        Target target = targets.find(request.target())
                .orElseThrow(() -> ApiException.notFound("no target " + request.target() + " is declared"));
        if (!webhook.allowsEnvironment(target.environment())) {
            throw forbidden("environment " + target.environment() + " is not allowed for webhook " + webhook.name());
        }
        Instant now = clock.instant();
        List<Instant> lastHour = webhooks.acceptedSince(webhook.id(), now.minus(Duration.ofHours(1)));
        if (lastHour.size() >= webhook.ratePerHour()) {
            long retryAfter = Math.max(1, Duration.between(now, lastHour.get(0).plus(Duration.ofHours(1))).toSeconds());
            throw new RateLimited(webhook.name(), webhook.ratePerHour(), retryAfter);
        }
        if (!webhooks.claimDelivery(webhook.id(), call.deliveryId(), metadata(request), now)) {
            return duplicate(webhooks.delivery(webhook.id(), call.deliveryId()).orElseThrow(), exchange);
        }
        // If the job cannot be created, forget the delivery so that a corrected retry is not refused.
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                webhooks.releaseDelivery(webhook.id(), call.deliveryId());
            }
        });
        return new BackupCall(target.id(), new BackupRequest(null, null, null), Trigger.WEBHOOK, webhook.id(),
                "webhook:" + webhook.name());
    }

    private BackupCall duplicate(WebhookStore.Delivery delivery, Exchange exchange) {
        if (delivery.jobId() == null) {
            throw ApiException.conflict("delivery " + delivery.deliveryId() + " is being processed; retry shortly");
        }
        exchange.setVariable(EXISTING_JOB, delivery.jobId());
        return null;
    }

    /** 202 with the job request-backup queued, and a status link the pipeline can poll without a key. */
    public void accepted(Exchange exchange) {
        Job job = exchange.getMessage().getBody(Job.class);
        WebhookCall call = exchange.getVariable(CALL, WebhookCall.class);
        webhooks.attachJob(call.webhook().id(), call.deliveryId(), job.id());
        audit.record("webhook:" + call.webhook().name(), "backup.request", "target/" + job.targetId(), call.source(),
                "accepted", "delivery " + call.deliveryId() + ", job " + job.id()
                        + (call.request().metadata() == null ? "" : ", metadata " + metadata(call.request())));
        respond(exchange, call.webhook(), job.id());
    }

    /** A delivery seen before: the same answer, naming the same job. */
    public void answerExisting(Exchange exchange) {
        WebhookCall call = exchange.getVariable(CALL, WebhookCall.class);
        respond(exchange, call.webhook(), exchange.getVariable(EXISTING_JOB, String.class));
    }

    private void respond(Exchange exchange, Webhook webhook, String jobId) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("jobId", jobId);
        body.put("statusUrl", statusPath(webhook.id(), jobId));
        ApiSupport.respond(exchange, 202, body);
    }

    /**
     * GET /hooks/{id}/jobs/{jobId}?token=...: the status of a job this webhook started. The token is
     * an HMAC of the job id under the webhook's secret, so the link works without an API key and only
     * for that job.
     */
    public void status(Exchange exchange) {
        Object id = exchange.getMessage().getHeader("id");
        Object jobId = exchange.getMessage().getHeader("jobId");
        ApiSupport.requireKnownQuery(exchange, Set.of("token"));
        String token = ApiSupport.query(exchange, "token");
        if (!(id instanceof String webhookId) || !Ids.isId(webhookId) || !(jobId instanceof String job) || !Ids.isId(job)) {
            throw ApiException.notFound("no such job");
        }
        String secret = webhooks.secret(webhookId).orElse(null);
        if (secret == null || !HookSignature.verifyStatusToken(secret, job, token)) {
            throw unauthorized("invalid status token");
        }
        Job found = jobs.find(job).filter(j -> webhookId.equals(j.triggerRef()))
                .orElseThrow(() -> ApiException.notFound("no such job"));
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("jobId", found.id());
        view.put("targetId", found.targetId());
        view.put("status", found.status().id());
        view.put("verification", found.verification() == null ? null : found.verification().id());
        view.put("error", found.error());
        view.put("artifactId", found.artifactId());
        view.put("finishedAt", found.finishedAt());
        ApiSupport.respond(exchange, 200, view);
    }

    String statusPath(String webhookId, String jobId) {
        String secret = webhooks.secret(webhookId).orElseThrow();
        String token = HookSignature.statusToken(secret, jobId);
        return "/hooks/" + webhookId + "/jobs/" + jobId + "?token=" + token;
    }

    private boolean fresh(String timestamp) {
        try {
            long seconds = Long.parseLong(timestamp.trim());
            return Math.abs(clock.instant().getEpochSecond() - seconds) <= REPLAY_WINDOW.toSeconds();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String header(Exchange exchange, String name) {
        Object value = exchange.getMessage().getHeader(name);
        return value instanceof String s ? s : null;
    }

    private static String metadata(HookRequest request) {
        return request.metadata() == null ? null : request.metadata().toString();
    }

    private static ApiException unauthorized(String detail) {
        return new ApiException(401, "invalid-signature", "Unauthorized", detail, null);
    }

    private static ApiException forbidden(String detail) {
        return new ApiException(403, "forbidden", "Forbidden", detail, null);
    }

    /** 429 with the seconds until the oldest delivery of the window leaves it. */
    public static final class RateLimited extends ApiException {
        private final long retryAfterSeconds;

        RateLimited(String webhook, int perHour, long retryAfterSeconds) {
            super(429, "rate-limited", "Too many requests",
                    "webhook " + webhook + " allows " + perHour + " deliveries an hour", null);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        @Override
        public Map<String, Object> headers() {
            return Map.of("Retry-After", retryAfterSeconds);
        }
    }
}
