package io.backuphub.integration;

import io.backuphub.common.HubException;
import io.backuphub.common.SafeValues;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * The integrations file as the hub started with it. Subscriptions become consumer routes when the
 * hub starts, so a change to the file takes effect at the next start; an invalid file stops the start
 * with every problem named.
 */
@ApplicationScoped
public class Integrations {

    private static final Logger LOG = Logger.getLogger(Integrations.class);

    private final IntegrationsConfig config;

    public Integrations(IntegrationsProperties properties) {
        this.config = IntegrationsFile.load(properties.file());
        LOG.infof("integrations: %d Pub/Sub subscription(s), Firestore mirror %s (%s)", config.subscriptions().size(),
                config.firestore() == null ? "off" : "on", properties.file());
    }

    public IntegrationsConfig config() {
        return config;
    }

    public IntegrationsConfig.Subscription subscription(String id) {
        return config.subscriptions().stream().filter(s -> s.id().equals(id)).findFirst()
                .orElseThrow(() -> HubException.notFound("no Pub/Sub subscription " + SafeValues.show(id)));
    }

    /**
     * The host:port of one of Google's emulators when {@code variable} (PUBSUB_EMULATOR_HOST,
     * FIRESTORE_EMULATOR_HOST) is set, as Google's client libraries read it: an environment variable,
     * or the same name as a config property.
     */
    public static Optional<String> emulator(String variable) {
        return ConfigProvider.getConfig().getOptionalValue(variable, String.class).filter(s -> !s.isBlank());
    }
}
