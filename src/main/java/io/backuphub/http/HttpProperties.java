package io.backuphub.http;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The HTTP edge: request sizes, and failed authentications throttled per source address. */
@ConfigMapping(prefix = "hub")
public interface HttpProperties {

    Api api();

    Auth auth();

    interface Api {

        /** Largest JSON request body accepted by the API. */
        @WithDefault("16384")
        int maxBodyBytes();

    }

    interface Auth {

        /** Failures a source may make before it has to wait. */
        @WithDefault("5")
        int freeFailures();

        /** The first wait after the free failures; each further failure doubles it. */
        @WithDefault("1s")
        Duration lockout();

        /** The longest wait. */
        @WithDefault("15m")
        Duration maxLockout();

        /** A source's failures are forgotten this long after its last one. */
        @WithDefault("1h")
        Duration forgetAfter();

    }
}
