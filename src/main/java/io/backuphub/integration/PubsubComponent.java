package io.backuphub.integration;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.apache.camel.component.google.pubsub.GooglePubsubComponent;

/**
 * Camel's google-pubsub component as the hub uses it: against Google with the application default
 * credentials (a workload identity, or GOOGLE_APPLICATION_CREDENTIALS), or against the emulator named
 * by PUBSUB_EMULATOR_HOST without credentials, as Google's own clients do. Camel takes a component
 * bean named like the scheme before creating its own.
 */
public class PubsubComponent {

    /** gRPC codes a pull is retried on: the defaults, and what an operator fixes while the hub runs. */
    static final java.util.List<String> KEEP_PULLING = java.util.List.of("UNAVAILABLE", "DEADLINE_EXCEEDED",
            "RESOURCE_EXHAUSTED", "ABORTED", "INTERNAL", "UNKNOWN", "NOT_FOUND", "PERMISSION_DENIED",
            "UNAUTHENTICATED");

    @Produces
    @Singleton
    @Named("google-pubsub")
    GooglePubsubComponent googlePubsub() {
        GooglePubsubComponent component = new GooglePubsubComponent();
        // A synchronous pull that fails with a code not in this list ends its consumer for good; with
        // them, Google's client retries with backoff until the subscription exists or the role is granted.
        component.setSynchronousPullRetryableCodes(String.join(",", KEEP_PULLING));
        Integrations.emulator("PUBSUB_EMULATOR_HOST").ifPresent(host -> {
            component.setEndpoint(host);
            component.setAuthenticate(false);
        });
        return component;
    }
}
