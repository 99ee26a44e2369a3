package io.backuphub.http;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Quarkus' security sees the principal the HTTP edge proved ({@link ApiKeyAuthenticator}), and nothing
 * else: quarkus-oidc is here for the dashboard's OIDC sign-in alone (its code flow on {@code /login/oidc});
 * every other path names this mechanism (quarkus.http.auth.permission.hub), so a token or cookie of
 * quarkus-oidc's never stands in for the edge's decision.
 */
@ApplicationScoped
public class EdgeMechanism implements HttpAuthenticationMechanism {

    /** The name paths give in quarkus.http.auth.permission.*.auth-mechanism. */
    static final String NAME = "hub";

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext ctx, IdentityProviderManager identityProviderManager) {
        return ctx.user() instanceof QuarkusHttpUser user && user.getSecurityIdentity() instanceof HubIdentity proved
                ? Uni.createFrom().item(proved)
                : Uni.createFrom().nullItem();
    }

    /** The edge has answered every request that needed a principal and came without one. */
    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext ctx) {
        return Uni.createFrom().item(new ChallengeData(401, null, null));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of();
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext ctx) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.OTHER_HEADER,
                ApiKeyAuthenticator.HEADER, NAME));
    }
}
