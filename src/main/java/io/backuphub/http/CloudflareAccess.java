package io.backuphub.http;

import io.backuphub.auth.AuthProperties;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;

/**
 * Who Cloudflare Access vouches for: the {@value #HEADER} header's JWT, checked here — signed (RS256)
 * by a key of the team's JWKS (cached; fetched again on an unknown {@code kid}, at most once a minute),
 * issued by {@code https://<team-domain>}, for this application's audience, not expired. Never the
 * header unchecked, never the {@code CF_Authorization} cookie. Off unless hub.auth.cloudflare-access's
 * team domain and audience are set.
 */
@ApplicationScoped
public class CloudflareAccess {

    public static final String HEADER = "Cf-Access-Jwt-Assertion";

    /** An assertion's subject: a person's email, or a service token's common name. */
    public record Identity(String email, String serviceToken) {
    }

    private final JwtConsumer consumer;

    public CloudflareAccess(AuthProperties config) {
        AuthProperties.CloudflareAccess access = config.auth().cloudflareAccess();
        if (access.teamDomain().isEmpty() || access.audience().isEmpty()) {
            consumer = null;
            return;
        }
        String team = access.teamDomain().get();
        HttpsJwks keys = new HttpsJwks(access.certsUrl().orElse("https://" + team + "/cdn-cgi/access/certs"));
        keys.setRefreshReprieveThreshold(60_000); // an unknown kid fetches the keys again at most once a minute
        consumer = new JwtConsumerBuilder()
                .setVerificationKeyResolver(new HttpsJwksVerificationKeyResolver(keys))
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                        AlgorithmIdentifiers.RSA_USING_SHA256)
                .setExpectedIssuer("https://" + team)
                .setExpectedAudience(access.audience().get())
                .setRequireExpirationTime()
                .setAllowedClockSkewInSeconds(30)
                .build();
    }

    public boolean enabled() {
        return consumer != null;
    }

    /**
     * The identity {@code assertion} proves, or a reason it proves none (empty identity and the reason
     * in {@code refusal}). Blocks: it may fetch the team's keys.
     */
    public Optional<Identity> verify(String assertion, StringBuilder refusal) {
        if (assertion == null || assertion.length() > 16_384) {
            refusal.append("the Cloudflare Access assertion is missing or too long");
            return Optional.empty();
        }
        try {
            JwtClaims claims = consumer.processToClaims(assertion.trim());
            String email = claims.getStringClaimValue("email");
            String commonName = claims.getStringClaimValue("common_name");
            if (email != null && !email.isBlank()) {
                return Optional.of(new Identity(email, null));
            }
            if (commonName != null && !commonName.isBlank()) {
                return Optional.of(new Identity(null, commonName));
            }
            refusal.append("the Cloudflare Access assertion names neither an email nor a service token");
        } catch (InvalidJwtException | MalformedClaimException e) {
            refusal.append("the Cloudflare Access assertion is not valid for this hub: ")
                    .append(reason(e));
        }
        return Optional.empty();
    }

    /** Why jose4j refused, in a line, without echoing the token. */
    private static String reason(Exception e) {
        if (e instanceof InvalidJwtException invalid && !invalid.getErrorDetails().isEmpty()) {
            String detail = invalid.getErrorDetails().get(0).getErrorMessage();
            int cut = detail.indexOf(" (");
            return (cut > 0 ? detail.substring(0, cut) : detail).replaceAll("[\\r\\n]", " ");
        }
        return "malformed claims";
    }
}
