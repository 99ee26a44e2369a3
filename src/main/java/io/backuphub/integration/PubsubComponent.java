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

    @Produces
    @Singleton
    @Named("google-pubsub")
    GooglePubsubComponent googlePubsub() {
        GooglePubsubComponent component = new GooglePubsubComponent();
        Integrations.pubsubEmulator().ifPresent(host -> {
            component.setEndpoint(host);
            component.setAuthenticate(false);
        });
        return component;
    }
}
