package io.backuphub.integration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;

/** The integrations file (Pub/Sub, Firestore mirror) and the mirror's pace. */
@ConfigMapping(prefix = "hub.integrations")
public interface IntegrationsProperties {

    /** Pub/Sub subscriptions and the Firestore mirror (YAML); absent = neither. */
    @WithDefault("config/integrations.yaml")
    Path file();

    /** How often the Firestore mirror looks for records to write. */
    @WithDefault("2s")
    Duration mirrorPollInterval();

    /** The longest wait between two attempts at a record Firestore refused or could not take. */
    @WithDefault("10m")
    Duration mirrorMaxBackoff();

}
