package io.backuphub.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The bootstrap admin key and how long dashboard sessions last. */
@ConfigMapping(prefix = "hub")
public interface AuthProperties {

    /** Bootstraps (or rotates) the key named "admin"; env HUB_ADMIN_API_KEY. */
    Optional<String> adminApiKey();

    Dashboard dashboard();

    interface Dashboard {

        /** A dashboard session unused this long ends (the browser logs in again). */
        @WithDefault("1h")
        Duration sessionIdle();

        /** A dashboard session ends this long after its login, used or not. */
        @WithDefault("12h")
        Duration sessionMax();
    }
}
