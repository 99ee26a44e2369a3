package io.backuphub.http;

import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The only response headers the hub sends: those its routes, Hawtio and the static resources set on
 * purpose. Applied as the last step before any response's headers go out, for every path, so
 * nothing a request carries (headers, query parameters, form fields) can become a response header
 * however a handler copies it. API answers are also marked uncacheable and not to be sniffed.
 */
final class ResponseHeaders {

    static final Set<String> ALLOWED = Set.of(
            // representation and transfer
            "content-type", "content-length", "content-encoding", "content-disposition", "content-range",
            "transfer-encoding", "accept-ranges", "etag", "last-modified", "date", "expires", "vary",
            "connection", "keep-alive", "repr-digest",
            // what a route sets on purpose
            "location", "retry-after", "www-authenticate", "allow", "cache-control", "pragma", "set-cookie",
            "x-hub-verification", "x-hub-store",
            // browser protections (Hawtio sets most of them; the hub adds nosniff everywhere)
            "content-security-policy", "x-frame-options", "x-content-type-options", "referrer-policy",
            "strict-transport-security", "x-xss-protection", "permissions-policy",
            "cross-origin-opener-policy", "cross-origin-resource-policy");

    private ResponseHeaders() {
    }

    /** Installs the allow-list on this request's response. */
    static void guard(RoutingContext ctx) {
        boolean api = ctx.normalizedPath().startsWith("/api/") || ctx.normalizedPath().startsWith("/hooks/");
        ctx.addHeadersEndHandler(ignored -> restrict(ctx.response().headers(), api));
    }

    static void restrict(MultiMap headers, boolean api) {
        List<String> names = List.copyOf(headers.names());
        for (String name : names) {
            if (!ALLOWED.contains(name.toLowerCase(Locale.ROOT))) {
                headers.remove(name);
            }
        }
        headers.set("X-Content-Type-Options", "nosniff");
        if (api && !headers.contains("Cache-Control")) {
            headers.set("Cache-Control", "no-store");
        }
    }
}
