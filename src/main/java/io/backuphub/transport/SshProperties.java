package io.backuphub.transport;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** SSH timeouts; a target's transport settings override them. */
@ConfigMapping(prefix = "hub.ssh")
public interface SshProperties {

    @WithDefault("15s")
    Duration connectTimeout();

    @WithDefault("15s")
    Duration authTimeout();

    /** A channel with no traffic for this long is closed (per-target override: transport.idleTimeout). */
    @WithDefault("10m")
    Duration idleTimeout();

}
