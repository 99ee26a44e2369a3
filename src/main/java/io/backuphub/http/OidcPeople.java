package io.backuphub.http;

import io.backuphub.auth.AuthProperties;
import io.backuphub.auth.User;
import io.backuphub.auth.UserRepository;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.TenantIdentityProvider;
import io.quarkus.oidc.UserInfo;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * People an OpenID Connect provider vouches for, through quarkus-oidc (quarkus.oidc.*): a bearer token
 * on the API, or the ID token of a dashboard sign-in. Either becomes the user of its {@code email}
 * (refused when the provider says the address is not verified), with the groups of
 * hub.auth.oidc.role-claim deciding their grant where hub.auth.group-roles maps them.
 */
@ApplicationScoped
public class OidcPeople {

    /** How long a token's check may take (the provider's keys fetched once, then cached by quarkus-oidc). */
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(10);
    public static final String VIA = "oidc";
    private static final Logger LOG = Logger.getLogger(OidcPeople.class);

    @Inject TenantIdentityProvider tokens;
    @Inject UserRepository users;
    @Inject AuthProperties config;
    @ConfigProperty(name = "quarkus.oidc.tenant-enabled", defaultValue = "true") boolean enabled;

    public boolean enabled() {
        return enabled;
    }

    /**
     * The person of a bearer token, checked by quarkus-oidc (signature against the provider's keys,
     * issuer, expiry, and audience where quarkus.oidc.token.audience names one). Blocks: call it off the
     * event loop. Empty with the reason in {@code refusal}.
     */
    Optional<User> bearer(String token, StringBuilder refusal) {
        SecurityIdentity identity;
        try {
            identity = tokens.authenticate(new AccessTokenCredential(token)).await().atMost(CHECK_TIMEOUT);
        } catch (RuntimeException e) {
            if (!(e instanceof AuthenticationFailedException)) { // not the token's fault: the provider, the network
                LOG.warnf("checking an OIDC bearer token failed: %s", e.getMessage());
            }
            refusal.append("the bearer token was refused by the OIDC check (forged, expired or for another"
                    + " audience)");
            return Optional.empty();
        }
        return person(identity, refusal);
    }

    /** The person of an identity quarkus-oidc proved (a bearer token, or the code flow's ID token). */
    public Optional<User> person(SecurityIdentity identity, StringBuilder refusal) {
        Function<String, Object> claims = claims(identity);
        Object email = claims.apply("email");
        if (!(email instanceof String address) || address.isBlank()) {
            refusal.append("the OIDC token names no email: ask the provider for the email scope");
            return Optional.empty();
        }
        if (Boolean.FALSE.equals(claims.apply("email_verified"))) {
            refusal.append("the OIDC provider has not verified the email ").append(address);
            return Optional.empty();
        }
        User user = users.signedIn(address, VIA, values(claims, config.auth().oidc().roleClaim()));
        user.refusal().ifPresent(refusal::append);
        return user.refusal().isPresent() ? Optional.empty() : Optional.of(user);
    }

    /** The token's claims; those it lacks from the provider's userinfo, where quarkus-oidc fetched it. */
    private static Function<String, Object> claims(SecurityIdentity identity) {
        JsonWebToken token = identity.getPrincipal() instanceof JsonWebToken jwt ? jwt : null;
        JsonObject userInfo = identity.getAttribute("userinfo") instanceof UserInfo info
                ? info.getJsonObject() : null;
        return name -> {
            Object value = token == null ? null : token.getClaim(name);
            if (value == null && userInfo != null) {
                value = userInfo.get(name);
            }
            if (value instanceof JsonString s) {
                return s.getString();
            }
            return JsonValue.TRUE.equals(value) ? Boolean.TRUE : JsonValue.FALSE.equals(value) ? Boolean.FALSE : value;
        };
    }

    /**
     * The strings at {@code path} (dotted: {@code realm_access.roles}): a list, a single string, or
     * none; never null, since a token without the claim says the person is in no group.
     */
    static List<String> values(Function<String, Object> claims, String path) {
        String[] names = path.split("\\.");
        Object value = claims.apply(names[0]);
        for (int i = 1; i < names.length && value != null; i++) {
            value = value instanceof JsonObject object ? object.get(names[i]) : null;
        }
        List<String> values = new ArrayList<>();
        if (value instanceof JsonArray array) {
            array.forEach(v -> values.add(v instanceof JsonString s ? s.getString() : v.toString()));
        } else if (value instanceof Collection<?> collection) {
            collection.forEach(v -> values.add(v instanceof JsonString s ? s.getString() : String.valueOf(v)));
        } else if (value instanceof JsonString s) {
            values.add(s.getString());
        } else if (value instanceof String s) {
            values.add(s);
        }
        return values;
    }
}
