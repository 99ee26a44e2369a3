package io.backuphub.http;

import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * Cross-site request forgery: a browser that holds the hub's credentials (HTTP Basic today, the
 * dashboard's session cookie later) attaches them to requests any other site makes it send. Such a
 * request may change nothing unless the browser says it comes from the hub's own pages: the
 * {@code Sec-Fetch-Site} header every current browser sends, or else {@code Origin}. Clients that
 * are not browsers send neither and are not affected; requests with {@code X-API-Key} cannot be
 * sent cross-site at all (a custom header needs a CORS preflight the hub never grants).
 */
final class CrossSiteCheck {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    /** Jolokia runs MBean operations on GET, so it is never "safe" for a cross-site page to call. */
    private static final String JOLOKIA = "/hawtio/jolokia";

    private CrossSiteCheck() {
    }

    /**
     * Why the request is refused, or null when it may pass. {@code ownOrigins} are the origins the
     * hub's pages are served from (the request's own scheme and host, and hub.public-url).
     */
    static String refusal(String method, String path, String secFetchSite, String origin, Set<String> ownOrigins) {
        if (!changesState(method, path)) {
            return null;
        }
        if (secFetchSite != null) {
            String site = secFetchSite.trim().toLowerCase(Locale.ROOT);
            return site.equals("same-origin") || site.equals("none") ? null
                    : "a " + site + " request may not use the browser's credentials to change anything"
                            + " (Sec-Fetch-Site: " + site + ")";
        }
        if (origin != null) {
            return ownOrigins.contains(normalise(origin)) ? null
                    : "a request from origin " + origin.trim()
                            + " may not use the browser's credentials to change anything";
        }
        return null;
    }

    static boolean changesState(String method, String path) {
        return !SAFE_METHODS.contains(method) || path.equals(JOLOKIA) || path.startsWith(JOLOKIA + "/");
    }

    /** scheme://host[:port] in lower case, default ports dropped; "null" and garbage stay unmatched. */
    static String normalise(String origin) {
        try {
            URI uri = URI.create(origin.trim());
            if (uri.getScheme() == null || uri.getHost() == null) {
                return "(opaque)";
            }
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            int port = uri.getPort();
            boolean defaultPort = port < 0 || (scheme.equals("http") && port == 80)
                    || (scheme.equals("https") && port == 443);
            return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
        } catch (IllegalArgumentException e) {
            return "(opaque)";
        }
    }
}
