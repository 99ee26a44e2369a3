package io.backuphub.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** The break-glass admin key, API keys' rules and how long dashboard sessions last. */
@ConfigMapping(prefix = "hub")
public interface AuthProperties {

    /** Bootstraps (or rotates) the key named "admin"; env HUB_ADMIN_API_KEY. */
    Optional<String> adminApiKey();

    Auth auth();

    Dashboard dashboard();

    interface Auth {

        AdminKey adminKey();

        Keys keys();
    }

    interface AdminKey {

        /**
         * Off: the break-glass admin key is refused (audited). The hub refuses to start so unless another
         * admin key exists, so that it cannot lock everyone out.
         */
        @WithDefault("true")
        boolean enabled();
    }

    interface Keys {

        /** The longest a key may live; a key asked for without an expiry gets this one. Unset: no cap. */
        Optional<Duration> maxLifetime();

        /** The longest grace a rotation may give the old secret. */
        @WithDefault("7d")
        Duration maxRotationGrace();
    }

    interface Dashboard {

        /** A dashboard session unused this long ends (the browser logs in again). */
        @WithDefault("1h")
        Duration sessionIdle();

        /** A dashboard session ends this long after its login, used or not. */
        @WithDefault("12h")
        Duration sessionMax();
    }
}
