package io.backuphub.pubsub;

import io.backuphub.integration.Integrations;
import io.backuphub.integration.IntegrationsConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.camel.builder.RouteBuilder;

/**
 * One consumer route per subscription in integrations.yaml ({@code pubsub-<id>}), each handing its
 * messages to routes/receive-pubsub-requests.camel.yaml, where the work is. Camel acknowledges a
 * message when its exchange completes — after the job is in the catalog, or the message is in the
 * dead-letter topic — and nacks it when the exchange fails, so Pub/Sub delivers it again. Without
 * subscriptions, no route and no connection to Pub/Sub.
 *
 * <p>Synchronous pull (a long-polling pull request at a time) rather than a streaming pull: backup
 * requests are a few messages an hour, each handled in milliseconds, and a streaming pull stream that
 * goes quiet is closed and reopened by the client every 20 s without a ping answer (the emulator's
 * behaviour), holding messages back for a minute.
 */
@ApplicationScoped
public class PubsubConsumers extends RouteBuilder {

    @Inject Integrations integrations;

    @Override
    public void configure() {
        for (IntegrationsConfig.Subscription s : integrations.config().subscriptions()) {
            from("google-pubsub:" + integrations.config().pubsub().projectId() + ":" + s.subscription()
                    + "?ackMode=AUTO&synchronousPull=true&concurrentConsumers=1&maxMessagesPerPoll=10")
                    .routeId("pubsub-" + s.id()).routeGroup("pubsub")
                    .routeDescription("Receive job requests from Pub/Sub subscription " + s.subscription())
                    .setVariable(PubsubRequests.SUBSCRIPTION, constant(s.id()))
                    .to("direct:receive-pubsub-requests");
        }
    }
}
