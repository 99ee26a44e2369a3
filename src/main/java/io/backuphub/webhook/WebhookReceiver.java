package io.backuphub.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.backuphub.audit.AuditRepository;
import io.backuphub.backup.BackupCall;
import io.backuphub.backup.BackupRequest;
import io.backuphub.common.HookSignature;
import io.backuphub.common.HubException;
import io.backuphub.common.Ids;
import io.backuphub.common.Json;
import io.backuphub.common.JsonErrors;
import io.backuphub.common.SafeValues;
import io.backuphub.job.Job;
import io.backuphub.job.JobRepository;
import io.backuphub.job.JobTrigger;
import io.backuphub.target.Target;
import io.backuphub.target.TargetRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.Variable;
import org.apache.camel.support.SynchronizationAdapter;
import org.jboss.logging.Logger;

/**
 * The receive-webhook route's steps: a delivery from CI is verified (HMAC over timestamp, delivery id
 * and body, constant-time; 5-minute window), checked against the webhook's scope and rate,
 * de-duplicated by delivery id, and becomes a backup request. Every refusal happens before anything
 * starts.
 */
@ApplicationScoped
@Named("webhookReceiver")
public class WebhookReceiver {

    private static final Logger LOG = Logger.getLogger(WebhookReceiver.class);
    public static final Duration REPLAY_WINDOW = Duration.ofMinutes(5);
    /** The exchange variable holding the verified delivery ({@link WebhookCall}). */
    static final String CALL = "webhookCall";
    /** The exchange variable holding what the scope, rate and delivery checks let through ({@link Admission}). */
    static final String ADMISSION = "admission";
    private static final Pattern DELIVERY_ID = Pattern.compile("[A-Za-z0-9._:-]{1,200}");

    /**
     * The body CI sends: {"action":"backup","targetId":"orders","metadata":{...}}. {@code target} is the
     * earlier name of {@code targetId}, accepted for this release (deprecated).
     */
    public record HookRequest(String action, String targetId, String target, JsonNode metadata) {

        String effectiveTargetId() {
            return targetId != null ? targetId : target;
        }
    }

    /** A verified delivery on its way through the route. */
    public record WebhookCall(Webhook webhook, String deliveryId, HookRequest request, String source) {
    }

    /**
     * What the checks let through: the backup to request, or — a delivery accepted before — the id of
     * the job it made then.
     */
    public record Admission(BackupCall request, String existingJob) {
    }

    /** What a delivery is answered with (202): its job, and a link that answers the job's status without a key. */
    public record Accepted(String jobId, String statusUrl) {
    }

    @Inject WebhookRepository webhooks;
    @Inject TargetRegistry targets;
    @Inject JobRepository jobs;
    @Inject AuditRepository audit;
    @Inject RefusedDeliveries refusals;
    private final Clock clock = Clock.systemUTC();

    /** Signature, freshness and enabled flag: 401 / 403 before the body is even parsed. */
    public WebhookCall verify(WebhookDelivery delivery) {
        String webhookId = delivery.webhookId();
        if (webhookId == null || !Ids.isId(webhookId)) {
            throw unauthorized("unknown webhook or invalid signature");
        }
        if (delivery.timestamp() == null || delivery.signature() == null) {
            throw unauthorized("missing " + HookSignature.TIMESTAMP + " or " + HookSignature.SIGNATURE + " header");
        }
        if (delivery.deliveryId() == null || !DELIVERY_ID.matcher(delivery.deliveryId()).matches()) {
            throw HubException.invalid(HookSignature.DELIVERY + " must be 1-200 characters of [A-Za-z0-9._:-]");
        }
        Webhook webhook = webhooks.find(webhookId)
                .orElseThrow(() -> unauthorized("unknown webhook or invalid signature"));
        String secret = webhooks.secret(webhookId).orElse(null);
        if (secret == null || !HookSignature.verify(webhook.signatureScheme(), secret, delivery.timestamp(),
                delivery.deliveryId(), delivery.body(), delivery.signature())) {
            throw unauthorized("unknown webhook or invalid signature");
        }
        if (!fresh(delivery.timestamp())) {
            throw unauthorized("stale or malformed " + HookSignature.TIMESTAMP
                    + ": deliveries are accepted for " + REPLAY_WINDOW.toMinutes() + " minutes after signing");
        }
        if (!webhook.enabled()) {
            throw refused(webhook, forbidden("webhook " + webhook.name() + " is disabled"));
        }
        HookRequest request;
        try {
            request = Json.MAPPER.readValue(delivery.body(), HookRequest.class);
        } catch (JsonProcessingException e) {
            throw refused(webhook, HubException.invalid(JsonErrors.describe(e)));
        } catch (java.io.IOException e) {
            throw refused(webhook, HubException.invalid("unreadable body"));
        }
        if (request.targetId() != null && request.target() != null && !request.targetId().equals(request.target())) {
            throw refused(webhook, HubException.invalid("give targetId, or the deprecated target, not both"));
        }
        if (request.target() != null && request.targetId() == null) {
            LOG.warnf("webhook %s: the body's \"target\" is deprecated, send \"targetId\"", webhook.name());
        }
        return new WebhookCall(webhook, delivery.deliveryId(), request, delivery.source());
    }

    /** Scope, rate and de-duplication: the backup call for request-backup, or the job a repeated delivery made. */
    public Admission admit(@Variable(CALL) WebhookCall call, Exchange exchange) {
        Webhook webhook = call.webhook();
        var previous = webhooks.delivery(webhook.id(), call.deliveryId());
        if (previous.isPresent()) {
            return duplicate(previous.get());
        }
        Instant now = clock.instant();
        checkRate(webhook, now);
        HookRequest request = call.request();
        String targetId = request.effectiveTargetId();
        if (request.action() == null || !webhook.allowsAction(request.action())) {
            throw refused(webhook, forbidden("action " + SafeValues.show(request.action())
                    + " is not allowed for webhook " + webhook.name()));
        }
        // A target id before any pattern is matched against it: a slug, at most 63 characters.
        if (targetId == null || !SafeValues.matches(SafeValues.SLUG, targetId)) {
            throw refused(webhook, HubException.invalid("targetId must be a target's id (1-63 characters of"
                    + " [a-z0-9-])"));
        }
        if (!webhook.allowsTarget(targetId)) {
            throw refused(webhook, forbidden("target " + targetId + " is not allowed for webhook " + webhook.name()));
        }
        Target target;
        try {
            target = targets.require(targetId);
        } catch (HubException unknown) {
            throw refused(webhook, unknown);
        }
        if (!webhook.allowsEnvironment(target.environment())) {
            throw refused(webhook, forbidden("environment " + target.environment() + " is not allowed for webhook "
                    + webhook.name()));
        }
        if (!webhooks.claimDelivery(webhook.id(), call.deliveryId(), metadata(request), now)) {
            return duplicate(webhooks.delivery(webhook.id(), call.deliveryId()).orElseThrow());
        }
        // If the job cannot be created, forget the delivery so that a corrected retry is not refused.
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {

            @Override
            public void onDone(Exchange done) {
                webhooks.releaseDelivery(webhook.id(), call.deliveryId());
            }
        });
        return new Admission(new BackupCall(target.id(), new BackupRequest(null, null, null), JobTrigger.WEBHOOK,
                webhook.id(), "webhook:" + webhook.name()), null);
    }

    /**
     * A webhook takes ratePerHour deliveries an hour, accepted and refused ones together: 429 with the
     * time until the oldest of them is an hour old.
     */
    private void checkRate(Webhook webhook, Instant now) {
        Instant hourAgo = now.minus(Duration.ofHours(1));
        List<Instant> lastHour = new java.util.ArrayList<>(webhooks.acceptedSince(webhook.id(), hourAgo));
        lastHour.addAll(refusals.since(webhook.id(), hourAgo));
        if (lastHour.size() >= webhook.ratePerHour()) {
            Instant oldest = lastHour.stream().min(Instant::compareTo).orElse(now);
            Duration retryAfter = Duration.between(now, oldest.plus(Duration.ofHours(1)));
            throw new HubException(HubException.Kind.RATE_LIMITED, "rate-limited", "webhook " + webhook.name()
                    + " allows " + webhook.ratePerHour() + " deliveries an hour (refused ones included)", null,
                    retryAfter.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : retryAfter);
        }
    }

    /** Counts a correctly signed delivery the webhook refused toward its rate; returns the refusal to throw. */
    private HubException refused(Webhook webhook, HubException refusal) {
        refusals.add(webhook.id(), clock.instant(), webhook.ratePerHour());
        return refusal;
    }

    private static Admission duplicate(WebhookRepository.Delivery delivery) {
        if (delivery.jobId() == null) {
            throw HubException.conflict("delivery " + delivery.deliveryId() + " is being processed; retry shortly");
        }
        return new Admission(null, delivery.jobId());
    }

    /** The job request-backup queued, with a status link the pipeline can poll without a key. */
    public Accepted accepted(Job job, @Variable(CALL) WebhookCall call) {
        webhooks.attachJob(call.webhook().id(), call.deliveryId(), job.id());
        audit.record("webhook:" + call.webhook().name(), "backup.request", "target/" + job.targetId(), call.source(),
                "accepted", "delivery " + call.deliveryId() + ", job " + job.id()
                        + (call.request().metadata() == null ? "" : ", metadata " + metadata(call.request())));
        return new Accepted(job.id(), statusPath(call.webhook().id(), job.id()));
    }

    /** A delivery seen before: the same answer, naming the same job. */
    public Accepted existing(@Variable(CALL) WebhookCall call, @Variable(ADMISSION) Admission admission) {
        return new Accepted(admission.existingJob(), statusPath(call.webhook().id(), admission.existingJob()));
    }

    /**
     * {@code GET /hooks/{id}/jobs/{jobId}?token=...}: a job this webhook started. The token is an HMAC
     * of the job id under the webhook's secret, so the link works without an API key and only for that job.
     */
    public Job status(String webhookId, String jobId, String token) {
        if (webhookId == null || !Ids.isId(webhookId) || jobId == null || !Ids.isId(jobId)) {
            throw HubException.notFound("no such job");
        }
        String secret = webhooks.secret(webhookId).orElse(null);
        if (secret == null || !HookSignature.verifyStatusToken(secret, jobId, token)) {
            throw unauthorized("invalid status token");
        }
        return jobs.find(jobId).filter(j -> webhookId.equals(j.triggerRef()))
                .orElseThrow(() -> HubException.notFound("no such job"));
    }

    String statusPath(String webhookId, String jobId) {
        String secret = webhooks.secret(webhookId).orElseThrow();
        return "/hooks/" + webhookId + "/jobs/" + jobId + "?token=" + HookSignature.statusToken(secret, jobId);
    }

    private boolean fresh(String timestamp) {
        try {
            long seconds = Long.parseLong(timestamp.trim());
            return Math.abs(clock.instant().getEpochSecond() - seconds) <= REPLAY_WINDOW.toSeconds();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String metadata(HookRequest request) {
        return request.metadata() == null ? null : request.metadata().toString();
    }

    private static HubException unauthorized(String detail) {
        return new HubException(HubException.Kind.UNAUTHENTICATED, "invalid-signature", detail);
    }

    private static HubException forbidden(String detail) {
        return new HubException(HubException.Kind.FORBIDDEN, "forbidden", detail);
    }
}
