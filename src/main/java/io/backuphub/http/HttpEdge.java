package io.backuphub.http;

import io.backuphub.audit.Denials;
import io.backuphub.auth.SessionRepository;
import io.backuphub.common.HubProperties;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.security.AuthenticationException;
import io.quarkus.security.AuthenticationRedirectException;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Every HTTP request passes here first, before Camel, Swagger UI, metrics and Hawtio, in this order:
 * <ol>
 *   <li>the response may only carry allow-listed headers ({@link ResponseHeaders});</li>
 *   <li>the request's shape: no dot segments or encoded separators in the path, no control characters,
 *       a bounded URI ({@link RequestShape}) — so that what is decided below is decided on exactly the
 *       path the router matches;</li>
 *   <li>who is calling: CI webhooks (they prove themselves with their signature), the dashboard's
 *       login page and its assets are public, and health answers its status alone to anyone, its
 *       checks to a key ({@link HealthAnswers}); everything else needs an API key or a dashboard session
 *       ({@link ApiKeyAuthenticator}), and a source that keeps failing to authenticate waits
 *       ({@link AuthThrottle});</li>
 *   <li>Hawtio and its Jolokia agent only for keys that may use them ({@link ConsoleAccess});</li>
 *   <li>a browser's credentials never change anything from another site ({@link CrossSiteCheck}),
 *       and a session's writes carry its CSRF token;</li>
 *   <li>API and webhook writes carry a JSON body of bounded size (415 / 413).</li>
 * </ol>
 * Incoming {@code Camel*} headers are dropped: this is the trust boundary in front of every route. A
 * failure in here is answered 500 problem+json, like any other.
 */
@ApplicationScoped
public class HttpEdge {

    private static final Logger LOG = Logger.getLogger(HttpEdge.class);
    /** Runs before Quarkus' own handlers (upload limit at order -2) and the routes. */
    static final int PRIORITY = 2000;
    private static final Set<String> WRITE_METHODS = Set.of("POST", "PUT", "PATCH");
    /** The dashboard's login page: public, and its form may only be posted from the hub's own pages. */
    public static final String LOGIN = "/login";
    /** Where the OIDC provider's code flow ends: public here, quarkus-oidc's to authenticate. */
    public static final String OIDC_LOGIN = "/login/oidc";
    /** Where the dashboard's pages send their session's CSRF token with every write. */
    public static final String CSRF_HEADER = "X-CSRF-Token";
    private static final String HOOKS = "/hooks/";

    private final ApiKeyAuthenticator authenticator;
    private final HealthAnswers health;
    private final Denials denials;
    private final int maxApiBody;
    private final long maxBody;
    private final String publicOrigin;

    public HttpEdge(ApiKeyAuthenticator authenticator, HealthAnswers health, Denials denials,
            HttpProperties config,
            HubProperties hub,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBody) {
        this.authenticator = authenticator;
        this.health = health;
        this.denials = denials;
        this.maxApiBody = config.api().maxBodyBytes();
        this.maxBody = maxBody.asLongValue();
        this.publicOrigin = CrossSiteCheck.normalise(hub.publicUrl());
    }

    void register(@Observes Filters filters) {
        filters.register(this::handle, PRIORITY);
    }

    /** Failures raised below the filters (a body over the limit while it streams in) answer problem+json too. */
    void failures(@Observes Router router) {
        router.route().order(-PRIORITY).failureHandler(this::failed);
    }

    void onStart(@Observes StartupEvent event) {
        // Observing StartupEvent keeps this bean, and so its Router observer, active.
    }

    void handle(RoutingContext ctx) {
        try {
            admit(ctx);
        } catch (RuntimeException e) {
            ctx.fail(e); // answered by failed(): a failure here is a 500 problem, never a request left hanging
        }
    }

    private void admit(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        ResponseHeaders.guard(ctx);
        Optional<Problem> malformed = RequestShape.problem(request.uri(), request.path(), request.query());
        if (malformed.isPresent()) {
            malformed.get().at("").send(ctx); // not echoing a hostile path
            return;
        }
        dropCamelHeaders(request);
        String path = ctx.normalizedPath();
        if (HealthAnswers.isHealth(path) && !ApiKeyAuthenticator.presentsCredentials(request)) {
            if (!health.answer(ctx, false)) {
                ctx.next();
            }
            return;
        }
        if (isPublic(path)) {
            if (path.equals(LOGIN) && refusedCrossSite(ctx, "anonymous")) {
                return; // another site may not log a browser in (login CSRF)
            }
            checkBody(ctx, path);
            return;
        }
        authenticator.authenticate(ctx, (principal, via) -> {
            if (via != ApiKeyAuthenticator.Via.HEADER && refusedCrossSite(ctx, principal.id())) {
                return;
            }
            if (via == ApiKeyAuthenticator.Via.SESSION && missingCsrfToken(ctx, principal.id())) {
                return;
            }
            if (HealthAnswers.isHealth(path) && health.answer(ctx, true)) {
                return;
            }
            if (isConsole(path) && !ConsoleAccess.allows(principal)) {
                String reason = "Hawtio and its Jolokia agent are for admins; " + principal.id() + " is "
                        + principal.grant().role();
                denials.count(source(request), principal.id(), "console", request.method() + " " + path, reason);
                Problem.of(403, "forbidden", "Forbidden", reason).send(ctx);
                return;
            }
            checkBody(ctx, path);
        });
    }

    /** Credentials the browser attaches by itself change nothing from another site: 403 and true if so. */
    private boolean refusedCrossSite(RoutingContext ctx, String actor) {
        HttpServerRequest request = ctx.request();
        String path = ctx.normalizedPath();
        String refusal = CrossSiteCheck.refusal(request.method().name(), path, request.getHeader("Sec-Fetch-Site"),
                request.getHeader("Origin"), ownOrigins(request));
        if (refusal == null) {
            return false;
        }
        denials.count(source(request), actor, "cross-site-request", request.method() + " " + path, refusal);
        Problem.of(403, "cross-site-request", "Cross-site request refused",
                refusal + "; use the hub's own pages, or send the key in X-API-Key").send(ctx);
        return true;
    }

    /**
     * A write on a dashboard session carries the session's CSRF token in X-CSRF-Token (the pages add
     * it; another site cannot read it): 403 and true if it does not.
     */
    private boolean missingCsrfToken(RoutingContext ctx, String actor) {
        HttpServerRequest request = ctx.request();
        if (!CrossSiteCheck.changesState(request.method().name(), ctx.normalizedPath())) {
            return false;
        }
        SessionRepository.Session session = ctx.get(ApiKeyAuthenticator.SESSION);
        String sent = request.getHeader(CSRF_HEADER);
        if (session != null && sent != null && MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
                session.csrfToken().getBytes(StandardCharsets.UTF_8))) {
            return false;
        }
        String reason = "a write from a dashboard session must carry its CSRF token in " + CSRF_HEADER;
        denials.count(source(request), actor, "csrf-token", request.method() + " " + ctx.normalizedPath(), reason);
        Problem.of(403, "csrf-token-missing", "CSRF token missing", reason).send(ctx);
        return true;
    }

    /**
     * CI webhooks (they prove themselves with their own signatures), the dashboard's login pages and its
     * static assets (no data in them). Health is public too, but answers its details only to a key.
     */
    static boolean isPublic(String path) {
        return path.startsWith(HOOKS) || path.equals(LOGIN) || path.equals(OIDC_LOGIN) || path.startsWith("/assets/");
    }

    /** Hawtio and its Jolokia agent. */
    private static boolean isConsole(String path) {
        return path.equals("/hawtio") || path.startsWith("/hawtio/");
    }

    public static Problem tooLarge(long limit) {
        return Problem.of(413, "payload-too-large", "Request body too large",
                "request bodies are limited to " + limit + " bytes");
    }

    static Problem unsupportedMediaType(String got) {
        return Problem.of(415, "unsupported-media-type", "Unsupported media type",
                "send application/json, not " + (got == null ? "no Content-Type" : got));
    }

    /** application/json, with or without parameters such as charset. */
    public static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim()
                .equalsIgnoreCase("application/json");
    }

    private static boolean isApi(String path) {
        return path.startsWith("/api/") || path.startsWith(HOOKS);
    }

    /** The body rules, then on to the route. */
    private void checkBody(RoutingContext ctx, String path) {
        HttpServerRequest request = ctx.request();
        boolean api = isApi(path);
        long limit = api ? maxApiBody : maxBody;
        String length = request.getHeader("Content-Length");
        if (length != null && declaredLength(length) > limit) {
            tooLarge(limit).send(ctx);
            return;
        }
        if (api && WRITE_METHODS.contains(request.method().name()) && !isJson(request.getHeader("Content-Type"))) {
            unsupportedMediaType(request.getHeader("Content-Type")).send(ctx);
            return;
        }
        ctx.next();
    }

    private void failed(RoutingContext ctx) {
        if (ctx.response().ended() || ctx.response().headWritten()) {
            ctx.next();
            return;
        }
        if (ctx.failure() instanceof AuthenticationRedirectException) {
            ctx.response().end(); // the OIDC code flow on its way to or from the provider: Quarkus set status and Location
            return;
        }
        if (ctx.failure() instanceof AuthenticationException) {
            Problem.of(401, "unauthorized", "Unauthorized", "signing in through the OIDC provider did not complete:"
                    + " start again from " + LOGIN).send(ctx);
            return;
        }
        int status = ctx.statusCode();
        if (status == 413) {
            tooLarge(isApi(ctx.normalizedPath()) ? maxApiBody : maxBody).send(ctx);
        } else if (status >= 400 && status < 500) {
            Problem.of(status, "invalid-request", "Invalid request", ctx.response().getStatusMessage()).send(ctx);
        } else {
            Problem.of(ctx.failure() == null ? new IllegalStateException("HTTP " + status) : ctx.failure()).send(ctx);
        }
    }

    /** hub.public-url's origin and the request's own; often the same one (Set.copyOf takes duplicates). */
    private Set<String> ownOrigins(HttpServerRequest request) {
        String host = request.getHeader("Host");
        return host == null ? Set.of(publicOrigin)
                : Set.copyOf(List.of(publicOrigin, CrossSiteCheck.normalise(request.scheme() + "://" + host)));
    }

    private static String source(HttpServerRequest request) {
        return request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
    }

    private static long declaredLength(String header) {
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE; // Vert.x refuses such requests first; never admit one
        }
    }

    private static void dropCamelHeaders(HttpServerRequest request) {
        request.headers().names().stream()
                .filter(name -> name.regionMatches(true, 0, "Camel", 0, 5))
                .toList()
                .forEach(request.headers()::remove);
    }
}
