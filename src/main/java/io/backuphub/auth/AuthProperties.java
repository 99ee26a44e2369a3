package io.backuphub.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** The break-glass admin key, API keys' rules, default limits per role, how long dashboard sessions last. */
@ConfigMapping(prefix = "hub")
public interface AuthProperties {

    /** Bootstraps (or rotates) the key named "admin"; env HUB_ADMIN_API_KEY. */
    Optional<String> adminApiKey();

    Auth auth();

    Dashboard dashboard();

    interface Auth {

        AdminKey adminKey();

        Keys keys();

        /** Default limits per role: {@code hub.auth.limits.operator.backups-per-day=50}. */
        Map<String, RoleLimits> limits();

        /** The role a person gets at their first sign-in; unset: none, they ask an admin. */
        Optional<String> defaultRole();

        CloudflareAccess cloudflareAccess();

        Oidc oidc();

        /**
         * Roles by the groups an identity provider names a person in ({@code hub.auth.group-roles.dba=restorer}):
         * a person in mapped groups gets the highest of their roles at every sign-in.
         */
        Map<String, String> groupRoles();

        /** The target globs of a mapped group ({@code hub.auth.group-targets.shop-ops=shop-*}); unset: every target. */
        Map<String, List<String>> groupTargets();

        /** The environments of a mapped group; unset: every environment. */
        Map<String, List<String>> groupEnvironments();
    }

    /**
     * Sign-in through an OpenID Connect provider, configured with quarkus.oidc.* (auth-server-url,
     * client-id, credentials.secret): off unless quarkus.oidc.auth-server-url is set.
     */
    interface Oidc {

        /** The claim naming the person's groups; a dotted path reaches into objects ({@code realm_access.roles}). */
        @WithDefault("groups")
        String roleClaim();

        /** Shown on the login page: "Sign in with <provider-name>". */
        @WithDefault("single sign-on")
        String providerName();
    }

    /** Sign-in through Cloudflare Access: off unless the team domain and audience are set. */
    interface CloudflareAccess {

        /** {@code <team>.cloudflareaccess.com}: the assertions' issuer is https:// and this. */
        Optional<String> teamDomain();

        /** The Access application's audience tag (its AUD). */
        Optional<String> audience();

        /** Where the signing keys are; unset: https://<team-domain>/cdn-cgi/access/certs. */
        Optional<String> certsUrl();

        /** Service tokens by their common_name, each acting as the API key named (with its grant and limits). */
        Map<String, String> serviceTokens();
    }

    /** A role's default limits; a key's own limits win where it has them. */
    interface RoleLimits {

        OptionalInt requestsPerMinute();

        OptionalInt backupsPerDay();

        OptionalInt restoresPerDay();

        OptionalInt downloadsPerHour();

        default Limits limits() {
            return new Limits(value(requestsPerMinute()), value(backupsPerDay()), value(restoresPerDay()),
                    value(downloadsPerHour()));
        }

        private static Integer value(OptionalInt limit) {
            return limit.isPresent() ? limit.getAsInt() : null;
        }
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

        /** How often keys near their expiry are looked for (route warn-expiring-keys). */
        @WithDefault("1h")
        Duration expiryCheckInterval();

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
