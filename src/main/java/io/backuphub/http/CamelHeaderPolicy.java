package io.backuphub.http;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.util.Locale;
import java.util.Set;
import org.apache.camel.Exchange;
import org.apache.camel.spi.HeaderFilterStrategy;

/**
 * Which HTTP headers cross between platform-http and the routes (the platform-http component's
 * header filter strategy). In: only what the routes read; query parameters and form fields never
 * become message headers (the API reads query parameters from the request itself). Out: only the
 * headers routes set on purpose. {@link ResponseHeaders} enforces the same again at the HTTP edge.
 */
@ApplicationScoped
@Named("httpHeaderPolicy")
public class CamelHeaderPolicy implements HeaderFilterStrategy {

    static final Set<String> INBOUND = Set.of("content-type", "x-hub-timestamp", "x-hub-signature-256",
            "x-hub-delivery");
    static final Set<String> OUTBOUND = Set.of("location", "content-disposition", "etag", "repr-digest", "retry-after",
            "x-hub-verification", "cache-control");

    /** True means: do not copy this message header into the response. */
    @Override
    public boolean applyFilterToCamelHeaders(String name, Object value, Exchange exchange) {
        return !OUTBOUND.contains(name.toLowerCase(Locale.ROOT));
    }

    /** True means: do not copy this request header (or query parameter, or form field) into the message. */
    @Override
    public boolean applyFilterToExternalHeaders(String name, Object value, Exchange exchange) {
        return !INBOUND.contains(name.toLowerCase(Locale.ROOT));
    }
}
