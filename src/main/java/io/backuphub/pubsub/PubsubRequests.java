package io.backuphub.pubsub;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.backuphub.audit.AuditRepository;
import io.backuphub.backup.BackupCall;
import io.backuphub.backup.BackupRequest;
import io.backuphub.common.Errors;
import io.backuphub.common.Globs;
import io.backuphub.common.HubException;
import io.backuphub.common.Ids;
import io.backuphub.common.Json;
import io.backuphub.common.JsonErrors;
import io.backuphub.common.SafeValues;
import io.backuphub.integration.Integrations;
import io.backuphub.integration.IntegrationsConfig;
import io.backuphub.job.Job;
import io.backuphub.job.JobKind;
import io.backuphub.job.JobRepository;
import io.backuphub.job.JobTrigger;
import io.backuphub.restore.DrillScheduler;
import io.backuphub.target.Target;
import io.backuphub.target.TargetRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Instant;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.Variable;
import org.apache.camel.component.google.pubsub.GooglePubsubConstants;
import org.jboss.logging.Logger;

/**
 * The receive-pubsub-requests route's steps. A message is read and scoped (its subscription's allowed
 * targets and environments), then given a job id recorded under its message id before the job is
 * queued: a redelivered message — the acknowledgement lost, or the hub stopped before acknowledging
 * — finds that id and makes no second job. A message that cannot become a job goes to the
 * subscription's dead-letter topic with the reason, and is acknowledged.
 */
@ApplicationScoped
@Named("pubsubRequests")
public class PubsubRequests {

    private static final Logger LOG = Logger.getLogger(PubsubRequests.class);
    /** Set by the subscription's consumer route: which subscription of integrations.yaml the message came from. */
    public static final String SUBSCRIPTION = "subscriptionId";
    /** The message's data as it arrived (the route's body changes on the way). */
    public static final String ORIGINAL = "original";
    /** The exchange variable holding the message read ({@link Received}). */
    public static final String RECEIVED = "received";
    /** Pub/Sub limits an attribute's value to 1024 bytes. */
    private static final int MAX_ATTRIBUTE = 1000;

    @Inject Integrations integrations;
    @Inject TargetRegistry targets;
    @Inject PubsubMessageRepository messages;
    @Inject JobRepository jobs;
    @Inject AuditRepository audit;
    @Inject DrillScheduler drills;

    /**
     * A message read: the request it makes (as a backup call), whether it asks for a drill, the job id
     * recorded for its message id, and — a message delivered again — the job it made before.
     */
    public record Received(BackupCall request, boolean drill, String jobId, String existingJob) {
    }

    /** read-and-scope-message: the message checked against its subscription's scope, under a job id of its own. */
    public Received read(byte[] body, @Header(GooglePubsubConstants.MESSAGE_ID) String messageId,
            @Variable(SUBSCRIPTION) String subscriptionId) {
        IntegrationsConfig.Subscription subscription = integrations.subscription(subscriptionId);
        PubsubRequest request;
        try {
            request = Json.MAPPER.readValue(body, PubsubRequest.class);
        } catch (JsonProcessingException e) {
            throw HubException.invalid("not a backup request: " + JsonErrors.describe(e));
        } catch (java.io.IOException e) {
            throw HubException.invalid("not a backup request: " + e.getMessage());
        }
        if (request == null || request.targetId() == null) {
            throw HubException.invalid("targetId is required");
        }
        if (request.action() != null
                && !List.of(PubsubRequest.BACKUP, PubsubRequest.DRILL).contains(request.action())) {
            throw HubException.invalid("action must be backup (the default) or drill, not "
                    + SafeValues.show(request.action()));
        }
        if (request.drill() && (request.delay() != null || request.runAt() != null || request.options() != null)) {
            throw HubException.invalid("a drill runs now and takes no delay, runAt or options");
        }
        Target target = targets.require(SafeValues.require(SafeValues.SLUG, request.targetId(), "targetId"));
        if (subscription.allowedTargets() != null && !Globs.anyMatches(subscription.allowedTargets(), target.id())) {
            throw new HubException(HubException.Kind.FORBIDDEN, "out-of-scope",
                    "subscription " + subscription.id() + " may not ask for backups of target " + target.id());
        }
        if (subscription.allowedEnvironments() != null
                && !Globs.anyMatches(subscription.allowedEnvironments(), target.environment())) {
            throw new HubException(HubException.Kind.FORBIDDEN, "out-of-scope", "subscription " + subscription.id()
                    + " may not ask for backups in environment " + target.environment());
        }
        String jobId = messages.claim(subscription.id(), messageId, Ids.next(), Instant.now());
        return new Received(new BackupCall(target.id(), new BackupRequest(request.delay(), request.runAt(),
                request.options()), JobTrigger.PUBSUB, subscription.id() + "/" + messageId,
                "pubsub:" + subscription.id()), request.drill(), jobId, jobs.find(jobId).isPresent() ? jobId : null);
    }

    /** The drill a message asked for, queued under the job id recorded for the message. */
    public Job drill(@Variable(RECEIVED) Received received) {
        return drills.request(received.request().targetId(), JobTrigger.PUBSUB, received.request().actor(),
                received.jobId());
    }

    public void accepted(Job job, @Variable(SUBSCRIPTION) String subscriptionId,
            @Header(GooglePubsubConstants.MESSAGE_ID) String messageId) {
        boolean drill = job.kind() == JobKind.DRILL;
        audit.record("pubsub:" + subscriptionId, drill ? "drill.request" : "backup.request",
                "target/" + (drill ? job.triggerRef() : job.targetId()), "pubsub", "accepted",
                "message " + subscriptionId + "/" + messageId + ", job " + job.id());
    }

    public void duplicate(@Variable(RECEIVED) Received received,
            @Header(GooglePubsubConstants.MESSAGE_ID) String messageId, @Variable(SUBSCRIPTION) String subscriptionId) {
        LOG.infof("Pub/Sub message %s on %s delivered again: its job %s exists, acknowledged", messageId,
                subscriptionId, received.existingJob());
    }

    /** The URI of the dead-letter topic of the subscription. */
    public String deadLetterUri(@Variable(SUBSCRIPTION) String subscriptionId) {
        return "google-pubsub:" + integrations.config().pubsub().projectId() + ":"
                + integrations.subscription(subscriptionId).deadLetterTopic();
    }

    /**
     * Turns the exchange into the dead-letter message: the original data, the reason and where it came
     * from as attributes (no other header leaks into them).
     */
    public void deadLetter(Exchange exchange) {
        String subscriptionId = exchange.getVariable(SUBSCRIPTION, String.class);
        IntegrationsConfig.Subscription subscription = integrations.subscription(subscriptionId);
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = describe(error);
        String messageId = exchange.getMessage().getHeader(GooglePubsubConstants.MESSAGE_ID, String.class);
        byte[] data = exchange.getVariable(ORIGINAL, byte[].class);
        LOG.warnf("Pub/Sub message %s on %s refused, sent to %s: %s", messageId, subscriptionId,
                subscription.deadLetterTopic(), reason);
        audit.record("pubsub:" + subscriptionId, "backup.request", "pubsub/" + subscriptionId, "pubsub", "refused",
                "message " + messageId + ": " + reason);
        // Camel's producer makes every header an attribute, except Camel's own — which must stay (the
        // acknowledgement of the original reads its ack id from them) but for the original's attributes.
        exchange.getMessage().removeHeaders("*", "Camel*");
        exchange.getMessage().removeHeader(GooglePubsubConstants.ATTRIBUTES);
        exchange.getMessage().setHeader("reason", reason);
        exchange.getMessage().setHeader("subscription", subscriptionId);
        exchange.getMessage().setHeader("messageId", messageId);
        exchange.getMessage().setBody(data);
    }

    private static String describe(Throwable error) {
        String text = Errors.describe(error);
        while (text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_ATTRIBUTE) {
            text = text.substring(0, text.length() - 50) + "...";
        }
        return text;
    }
}
