package io.backuphub.http;

import io.backuphub.audit.Denials;
import io.backuphub.auth.ApiKey;
import io.backuphub.auth.ApiKeyRepository;
import io.backuphub.auth.AuthProperties;
import io.backuphub.auth.Principal;
import io.backuphub.auth.SessionRepository;
import io.backuphub.auth.User;
import io.backuphub.auth.UserRepository;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.jboss.logging.Logger;

/**
 * Proves who is calling: a key in {@code X-API-Key}, as a bearer token, or as the password of HTTP
 * Basic so that browsers (Hawtio, Swagger UI) and Prometheus can log in; an OIDC provider's bearer
 * token ({@link OidcPeople}); a dashboard session's cookie; or, with none of them, a person or service
 * token Cloudflare Access signed in ({@link CloudflareAccess}). The
 * principal becomes the request's user, which Camel's platform-http and the servlet container hand on.
 * Denials are answered with 401 and counted by {@link Denials}; a source that keeps presenting wrong
 * credentials waits ({@link AuthThrottle}).
 * Known keys are cached briefly so the catalog is not asked every time (a key revoked or rotated on
 * another replica is refused here within {@link #CACHE_FOR}); whether a key may be used now (expired,
 * revoked, from an address it is not allowed) is checked on every request, cached or not.
 */
@ApplicationScoped
public class ApiKeyAuthenticator {

    private static final Logger LOG = Logger.getLogger(ApiKeyAuthenticator.class);
    /** Revocation reaches every replica within 5 seconds (docs/security.md): a cached key is asked for again after this. */
    private static final Duration CACHE_FOR = Duration.ofSeconds(4);
    public static final String HEADER = "X-API-Key";

    /**
     * How the key arrived: Basic credentials and the dashboard's session cookie are the ones a browser
     * attaches by itself.
     */
    public enum Via {
        HEADER, BROWSER, SESSION
    }

    /** The dashboard session's cookie: a random token, HttpOnly, SameSite=Strict. */
    public static final String SESSION_COOKIE = "hub_session";
    /** The routing context entry holding the request's {@link SessionRepository.Session}, if it came with one. */
    public static final String SESSION = "hub.session";

    private record Cached(ApiKey key, Instant until) {
    }

    @Inject ApiKeyRepository keys;
    @Inject SessionRepository sessions;
    @Inject Denials denials;
    @Inject AuthThrottle throttle;
    @Inject CloudflareAccess cloudflare;
    @Inject UserRepository users;
    @Inject AuthProperties config;
    @Inject OidcPeople oidc;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastNoted = new ConcurrentHashMap<>();

    /**
     * Sets the request's user and calls {@code admitted}, or answers 401 (429 for a source that must
     * wait, 503 without a catalog) itself.
     */
    public void authenticate(RoutingContext ctx, BiConsumer<Principal, Via> admitted) {
        HttpServerRequest request = ctx.request();
        String headerKey = request.getHeader(HEADER);
        Via via = headerKey != null && !headerKey.isBlank() ? Via.HEADER : Via.BROWSER;
        String presented = presentedKey(request);
        String bearer = presented == null ? bearerToken(request) : null;
        Cookie cookie = request.getCookie(SESSION_COOKIE);
        String assertion = cloudflare.enabled() ? request.getHeader(CloudflareAccess.HEADER) : null;
        if (presented == null && bearer == null && cookie == null && assertion == null) {
            deny(ctx, "missing API key: send it in the X-API-Key header", "anonymous", false);
            return;
        }
        Optional<Duration> wait = throttle.retryAfter(source(ctx));
        if (wait.isPresent()) {
            denials.count(source(ctx), "anonymous", "throttled", request.method() + " " + ctx.normalizedPath(),
                    "too many failed authentications");
            AuthThrottle.refuse(ctx, wait.get());
            return;
        }
        if (bearer != null) {
            authenticateBearer(ctx, bearer, admitted);
            return;
        }
        if (presented == null && cookie == null) {
            authenticateAccess(ctx, assertion, admitted);
            return;
        }
        if (presented == null) {
            authenticateSession(ctx, cookie.getValue(), admitted);
            return;
        }
        Cached cached = cache.get(presented);
        if (cached != null && cached.until().isAfter(Instant.now())) {
            admit(ctx, cached.key(), via, admitted);
            return;
        }
        offTheEventLoop(ctx, () -> keys.find(presented), "API keys", key -> {
            if (key.isEmpty()) {
                deny(ctx, "unknown API key", "unknown-key", true);
                return;
            }
            if (cache.size() > 1000) {
                cache.clear();
            }
            cache.put(presented, new Cached(key.get(), Instant.now().plus(CACHE_FOR)));
            admit(ctx, key.get(), via, admitted);
        });
    }

    /**
     * A dashboard session's cookie: the session's key or person is the caller; an ended session (or one
     * of a person disabled since) is a 401.
     */
    private void authenticateSession(RoutingContext ctx, String token,
            BiConsumer<Principal, Via> admitted) {
        offTheEventLoop(ctx, () -> sessions.find(token), "sessions", session -> {
            if (session.isEmpty()) {
                deny(ctx, "the dashboard session has ended: log in again", "ended-session", true);
                return;
            }
            ctx.put(SESSION, session.get());
            if (session.get().key() != null) {
                admit(ctx, session.get().key(), Via.SESSION, admitted);
            } else {
                admitPrincipal(ctx, session.get().principal(), Via.SESSION, admitted);
            }
        });
    }

    /**
     * A bearer token of the OIDC provider: the person it names ({@link OidcPeople}). Like a Cloudflare
     * assertion, a refused token is counted but does not make its source wait (a signature cannot be
     * guessed); a bearer token without OIDC configured is refused saying so.
     */
    private void authenticateBearer(RoutingContext ctx, String token, BiConsumer<Principal, Via> admitted) {
        if (!oidc.enabled()) {
            deny(ctx, "bearer tokens other than API keys need OIDC (quarkus.oidc.auth-server-url): send an API key",
                    "anonymous", true);
            return;
        }
        StringBuilder refusal = new StringBuilder();
        offTheEventLoop(ctx, () -> oidc.bearer(token, refusal), "OIDC tokens", user -> {
            if (user.isEmpty()) {
                deny(ctx, refusal.toString(), "oidc", false);
                return;
            }
            admitPrincipal(ctx, user.get().principal(), Via.HEADER, admitted);
        });
    }

    /**
     * A person or service token Cloudflare Access vouches for ({@link CloudflareAccess}): a person is
     * the user of that email (made at their first sign-in), a service token acts as the API key config
     * names for it, audited as {@code service:<key>}. A refused assertion is a 401 saying why.
     */
    private void authenticateAccess(RoutingContext ctx, String assertion, BiConsumer<Principal, Via> admitted) {
        StringBuilder refusal = new StringBuilder();
        String source = source(ctx);
        offTheEventLoop(ctx, () -> accessPrincipal(assertion, source, refusal), "Cloudflare Access", principal -> {
            if (principal.isEmpty()) {
                // Not a guess to slow down (an RS256 signature cannot be guessed): refused and counted,
                // but the source, perhaps Cloudflare's edge for everyone, is not made to wait.
                deny(ctx, refusal.toString(), "cloudflare-access", false);
                return;
            }
            admitPrincipal(ctx, principal.get(), Via.BROWSER, admitted);
        });
    }

    private Optional<Principal> accessPrincipal(String assertion, String source, StringBuilder refusal) {
        Optional<CloudflareAccess.Identity> identity = cloudflare.verify(assertion, refusal);
        if (identity.isEmpty()) {
            return Optional.empty();
        }
        if (identity.get().email() != null) {
            User user = users.signedIn(identity.get().email(), "cloudflare-access", null);
            user.refusal().ifPresent(refusal::append);
            return user.refusal().isPresent() ? Optional.empty() : Optional.of(user.principal());
        }
        String token = identity.get().serviceToken();
        String keyName = config.auth().cloudflareAccess().serviceTokens().get(token);
        Optional<ApiKey> key = keyName == null ? Optional.empty() : keys.byName(keyName);
        if (key.isEmpty()) {
            refusal.append("the Cloudflare Access service token ").append(token)
                    .append(" acts as no API key here (hub.auth.cloudflare-access.service-tokens)");
            return Optional.empty();
        }
        Optional<String> keyRefusal = keys.refusal(key.get(), source);
        if (keyRefusal.isPresent()) {
            refusal.append(keyRefusal.get());
            return Optional.empty();
        }
        ApiKey acting = key.get();
        return Optional.of(new Principal(Principal.Kind.SERVICE, acting.name(), acting.grant(), acting.credential(),
                acting.limits()));
    }

    /**
     * Asks the catalog off the event loop, the request's body waiting meanwhile, then goes on with the
     * answer; a catalog that cannot answer is a 503 naming {@code what} it could not check, and a
     * failure going on is the failure handler's to answer (500), never a request left hanging.
     */
    private static <T> void offTheEventLoop(RoutingContext ctx, java.util.concurrent.Callable<T> lookup, String what,
            java.util.function.Consumer<T> then) {
        HttpServerRequest request = ctx.request();
        request.pause();
        ctx.vertx().executeBlocking(lookup, false).onComplete(result -> {
            request.resume();
            if (result.failed()) {
                LOG.errorf("%s check failed: %s", what, result.cause().getMessage());
                Problem.of(503, "catalog-unavailable", "Unavailable", "the hub cannot check " + what + " right now")
                        .send(ctx);
                return;
            }
            try {
                then.accept(result.result());
            } catch (RuntimeException e) {
                ctx.fail(e);
            }
        });
    }

    /** Admits a known key, unless it may not be used now: then a 401 saying why (expired, revoked, address). */
    private void admit(RoutingContext ctx, ApiKey key, Via via, BiConsumer<Principal, Via> admitted) {
        Optional<String> refusal = keys.refusal(key, source(ctx));
        if (refusal.isPresent()) {
            // A real secret, not a guess: refused and audited, but its source is not made to wait (a CI
            // runner's expired key must not lock out the other keys on that runner).
            deny(ctx, refusal.get(), key.principal().id(), false);
            return;
        }
        noteUse(ctx, key);
        admitPrincipal(ctx, key.principal(), via, admitted);
    }

    private void admitPrincipal(RoutingContext ctx, Principal principal, Via via,
            BiConsumer<Principal, Via> admitted) {
        throttle.succeeded(source(ctx));
        ctx.setUser(new QuarkusHttpUser(new HubIdentity(principal)));
        admitted.accept(principal, via);
    }

    /** The key's last use and address, for GET /api/v1/keys: written at most once a minute per key and replica. */
    private void noteUse(RoutingContext ctx, ApiKey key) {
        Instant now = Instant.now();
        Instant noted = lastNoted.get(key.id());
        if (noted != null && noted.isAfter(now.minusSeconds(60))) {
            return;
        }
        lastNoted.put(key.id(), now);
        String source = source(ctx);
        ctx.vertx().executeBlocking(() -> {
            keys.used(key.id(), source, now);
            return null;
        }, false).onFailure(e -> LOG.warnf("cannot note the last use of API key %s: %s", key.name(), e.getMessage()));
    }

    /** Refuses the request; {@code presented}: it came with a credential that failed (counted against its source). */
    private void deny(RoutingContext ctx, String detail, String actor, boolean presented) {
        if (presented) {
            throttle.failed(source(ctx));
        }
        if (wantsPage(ctx)) { // a person opening the dashboard: the login page, not a 401 document
            ctx.response().setStatusCode(303).putHeader("Location", "/login").end();
            return;
        }
        denials.count(source(ctx), actor, "authenticate", ctx.request().method() + " " + ctx.normalizedPath(), detail);
        ctx.response().putHeader("WWW-Authenticate", "Basic realm=\"backup-hub\"");
        Problem.of(401, "unauthorized", "Unauthorized", detail).send(ctx);
    }

    /** A browser asking for one of the dashboard's pages (HTML, not the API or an operations path). */
    static boolean wantsPage(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String path = ctx.normalizedPath();
        String accept = request.getHeader("Accept");
        return "GET".equals(request.method().name()) && accept != null && accept.contains("text/html")
                && !path.startsWith("/api/") && !path.startsWith("/q/") && !path.startsWith("/hawtio")
                && !path.startsWith("/hooks/");
    }

    /** Whether the request carries a key (X-API-Key, Basic, Bearer), an OIDC token or a dashboard session's cookie. */
    static boolean presentsCredentials(HttpServerRequest request) {
        return presentedKey(request) != null || bearerToken(request) != null
                || request.getCookie(SESSION_COOKIE) != null;
    }

    /** A bearer token that is not one of the hub's API keys (those begin with bh_): an OIDC provider's. */
    static String bearerToken(HttpServerRequest request) {
        String bearer = bearer(request.getHeader("Authorization"));
        return bearer == null || bearer.startsWith(ApiKeyRepository.PREFIX) ? null : bearer;
    }

    private static String bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorization.substring(7).trim();
        return token.isEmpty() ? null : token;
    }

    private static String source(RoutingContext ctx) {
        return ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress();
    }

    static String presentedKey(HttpServerRequest request) {
        String key = request.getHeader(HEADER);
        if (key != null && !key.isBlank()) {
            return key.trim();
        }
        String authorization = request.getHeader("Authorization");
        String bearer = bearer(authorization);
        if (bearer != null && bearer.startsWith(ApiKeyRepository.PREFIX)) {
            return bearer;
        }
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                        StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                String password = colon < 0 ? decoded : decoded.substring(colon + 1);
                return password.isBlank() ? null : password;
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }
}
