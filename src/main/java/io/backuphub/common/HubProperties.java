package io.backuphub.common;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The settings of the hub as a whole. Each package maps its own hub.* settings (RetentionProperties,
 * JobsProperties, ...); docs/configuration.md lists them all, ConfigurationDocsTest keeps the list whole.
 */
@ConfigMapping(prefix = "hub")
public interface HubProperties {

    Data data();

    /** The hub's address as people reach it, for links in notifications. */
    @WithDefault("http://localhost:8080")
    String publicUrl();

    /** Names this process as the owner of the jobs it runs; stable across restarts on one host. */
    Optional<String> instanceId();

    /** Runs the backup path's hot loops once after start, so the first backup runs compiled code ({@link WarmUps}). */
    @WithDefault("true")
    boolean warmUp();

    interface Data {

        /** The hub's own state: H2 catalog and, by default, the local store. */
        @WithDefault("./data")
        Path dir();
    }
}
