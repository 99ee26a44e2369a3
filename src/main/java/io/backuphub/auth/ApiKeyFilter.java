package io.backuphub.auth;

import io.backuphub.api.ApiException;
import io.backuphub.api.ProblemJson;
import io.backuphub.audit.AuditLog;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpServerRequest;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Guards every HTTP path but health and signed webhooks: the API, OpenAPI and Swagger UI, metrics and the Hawtio console.
 * A key is accepted in {@code X-API-Key}, or as the password of HTTP Basic so that browsers (Hawtio,
 * Swagger UI) and Prometheus can log in. The key's name becomes the request's user, which Camel's
 * platform-http hands to the routes; incoming Camel* headers are dropped here, at the trust boundary.
 */
@ApplicationScoped
public class ApiKeyFilter {

    private static final Logger LOG = Logger.getLogger(ApiKeyFilter.class);
    /** Runs before Quarkus' own handlers and the routes. */
    static final int PRIORITY = 2000;
    private static final Duration CACHE_FOR = Duration.ofSeconds(30);
    public static final String HEADER = "X-API-Key";

    private record Cached(ApiKeys.ApiKey key, Instant until) {
    }

    private final ApiKeys keys;
    private final AuditLog audit;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public ApiKeyFilter(ApiKeys keys, AuditLog audit) {
        this.keys = keys;
        this.audit = audit;
    }

    void register(@Observes Filters filters) {
        filters.register(this::handle, PRIORITY);
    }

    void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        dropCamelHeaders(request);
        if (isPublic(request.path())) {
            ctx.next();
            return;
        }
        String presented = presentedKey(request);
        if (presented == null) {
            deny(ctx, "missing API key: send it in the X-API-Key header", null);
            return;
        }
        Cached cached = cache.get(presented);
        if (cached != null && cached.until().isAfter(Instant.now())) {
            admit(ctx, cached.key());
            return;
        }
        request.pause(); // the body must wait while the key is checked off the event loop
        ctx.vertx().executeBlocking(() -> keys.authenticate(presented), false).onComplete(result -> {
            request.resume();
            if (result.failed()) {
                LOG.errorf("API key check failed: %s", result.cause().getMessage());
                ProblemJson.write(ctx, new ApiException(503, "catalog-unavailable", "Catalog unavailable",
                        "the hub cannot check API keys right now", null), null);
                return;
            }
            Optional<ApiKeys.ApiKey> key = result.result();
            if (key.isEmpty()) {
                deny(ctx, "unknown or revoked API key", presented);
                return;
            }
            if (cache.size() > 1000) {
                cache.clear();
            }
            cache.put(presented, new Cached(key.get(), Instant.now().plus(CACHE_FOR)));
            admit(ctx, key.get());
        });
    }

    /** Health, and CI webhooks, which prove themselves with their own signatures. */
    static boolean isPublic(String path) {
        return path != null && (path.equals("/q/health") || path.startsWith("/q/health/") || path.startsWith("/hooks/"));
    }

    private static void admit(RoutingContext ctx, ApiKeys.ApiKey key) {
        ctx.setUser(new QuarkusHttpUser(new ApiKeyIdentity(key.name(), key.role())));
        ctx.next();
    }

    private void deny(RoutingContext ctx, String detail, String presented) {
        String source = ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress();
        String resource = ctx.request().method() + " " + ctx.request().path();
        ctx.vertx().executeBlocking(() -> {
            audit.record(presented == null ? "anonymous" : "unknown-key", "authenticate", resource, source, "denied", detail);
            return null;
        }, false);
        ctx.response().putHeader("WWW-Authenticate", "Basic realm=\"backup-hub\"");
        ProblemJson.write(ctx, new ApiException(401, "unauthorized", "Unauthorized", detail, null), null);
    }

    static String presentedKey(HttpServerRequest request) {
        String key = request.getHeader(HEADER);
        if (key != null && !key.isBlank()) {
            return key.trim();
        }
        String authorization = request.getHeader("Authorization");
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

    private static void dropCamelHeaders(HttpServerRequest request) {
        request.headers().names().stream()
                .filter(name -> name.regionMatches(true, 0, "Camel", 0, 5))
                .toList()
                .forEach(request.headers()::remove);
    }
}
