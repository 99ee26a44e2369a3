package io.backuphub.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.backuphub.Ids;
import io.backuphub.Json;
import io.backuphub.JsonErrors;
import io.vertx.core.net.SocketAddress;
import io.backuphub.target.SafeValues;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.vertx.HttpMessage;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpConstants;

/** Reading requests and writing JSON responses, with every input checked at the edge. */
public final class ApiSupport {

    public static final String JSON = "application/json";

    private ApiSupport() {
    }

    /** The API key's name, as authenticated by the filter in front of every route. */
    public static String caller(Exchange exchange) {
        Object user = exchange.getMessage().getHeader(VertxPlatformHttpConstants.AUTHENTICATED_USER);
        if (user instanceof QuarkusHttpUser u && !u.getSecurityIdentity().isAnonymous()) {
            return u.getSecurityIdentity().getPrincipal().getName();
        }
        throw new ApiException(401, "unauthorized", "Unauthorized", "no authenticated caller", null);
    }

    public static String source(Exchange exchange) {
        Object address = exchange.getMessage().getHeader(VertxPlatformHttpConstants.REMOTE_ADDRESS);
        return address instanceof SocketAddress a ? a.hostAddress() : null;
    }

    public static String method(Exchange exchange) {
        return String.valueOf(exchange.getMessage().getHeader(Exchange.HTTP_METHOD));
    }

    public static String path(Exchange exchange) {
        return String.valueOf(exchange.getMessage().getHeader(Exchange.HTTP_PATH));
    }

    /** A path parameter that must match {@code shape}: anything else (traversal, metacharacters) is a 400. */
    public static String pathParam(Exchange exchange, String name, Pattern shape, String what) {
        Object value = exchange.getMessage().getHeader(name);
        if (!(value instanceof String s) || !shape.matcher(s).matches()) {
            throw ApiException.badRequest(what + " must match " + shape.pattern());
        }
        return s;
    }

    public static String idParam(Exchange exchange, String what) {
        Object value = exchange.getMessage().getHeader("id");
        if (!(value instanceof String s) || !Ids.isId(s)) {
            throw ApiException.badRequest(what + " id must be a 26-character id");
        }
        return s;
    }

    /** A query parameter read from the request's query string itself (never a header or path parameter). */
    public static String query(Exchange exchange, String name) {
        if (exchange.getMessage() instanceof HttpMessage http) {
            java.util.List<String> values = queryParams(http).getOrDefault(name, java.util.List.of());
            if (values.size() > 1) {
                throw ApiException.badRequest("query parameter " + name + " given more than once");
            }
            return values.isEmpty() || values.get(0).isEmpty() ? null : values.get(0);
        }
        return exchange.getMessage().getHeader(name, String.class);
    }

    private static java.util.Map<String, java.util.List<String>> queryParams(HttpMessage http) {
        try {
            return new io.netty.handler.codec.http.QueryStringDecoder(http.getRequest().uri()).parameters();
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("the query string is not valid percent-encoding");
        }
    }

    /** Refuses query parameters the operation does not take: a typo'd filter must not return everything. */
    public static void requireKnownQuery(Exchange exchange, java.util.Set<String> known) {
        if (!(exchange.getMessage() instanceof HttpMessage http)) {
            return;
        }
        java.util.List<String> unknown = queryParams(http).keySet().stream()
                .filter(name -> !known.contains(name)).sorted().toList();
        if (!unknown.isEmpty()) {
            throw ApiException.badRequest("unknown query parameter" + (unknown.size() > 1 ? "s " : " ")
                    + String.join(", ", unknown.stream().map(SafeValues::show).toList())
                    + (known.isEmpty() ? ": this operation takes none" : ": this operation takes " + String.join(", ", known)));
        }
    }

    /** An optional true/false query parameter (absent = false). */
    public static boolean booleanQuery(Exchange exchange, String name) {
        String value = query(exchange, name);
        if (value == null || value.equals("false")) {
            return false;
        }
        if (value.equals("true")) {
            return true;
        }
        throw ApiException.badRequest(name + " must be true or false");
    }

    /** The optional targetId filter of list endpoints. */
    public static String targetIdQuery(Exchange exchange) {
        String targetId = query(exchange, "targetId");
        if (targetId != null && !SafeValues.matches(SafeValues.SLUG, targetId)) {
            throw ApiException.badRequest("targetId must match " + SafeValues.SLUG.pattern());
        }
        return targetId;
    }

    public static Instant instantQuery(Exchange exchange, String name) {
        String value = query(exchange, name);
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(name + " must be an ISO-8601 instant such as 2026-11-28T02:00:00Z");
        }
    }

    public static int limitQuery(Exchange exchange, int defaultLimit, int max) {
        String value = query(exchange, "limit");
        if (value == null) {
            return defaultLimit;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        } catch (NumberFormatException ignored) {
            // falls through to the error below
        }
        throw ApiException.badRequest("limit must be an integer within 1.." + max);
    }

    /** The id a cursor stands for; cursors are opaque to clients. */
    public static String cursorQuery(Exchange exchange) {
        return cursorQuery(exchange, null);
    }

    /** A cursor over ids of the given shape (time-ordered ids when null). */
    public static String cursorQuery(Exchange exchange, Pattern idShape) {
        String cursor = query(exchange, "cursor");
        if (cursor == null) {
            return null;
        }
        try {
            String id = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (idShape == null ? Ids.isId(id) : idShape.matcher(id).matches()) {
                return id;
            }
        } catch (IllegalArgumentException ignored) {
            // falls through to the error below
        }
        throw ApiException.badRequest("cursor is not one this API returned");
    }

    public static String cursorFor(String lastId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(lastId.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Parses a JSON body strictly: application/json only (also when empty, which then means
     * {@code emptyJson}), size-limited, unknown fields and bad values named.
     */
    public static <T> T body(Exchange exchange, Class<T> type, int maxBytes, String emptyJson) {
        String contentType = exchange.getMessage().getHeader("Content-Type", String.class);
        if (!isJson(contentType)) {
            throw ApiException.unsupportedMediaType(contentType == null ? "no Content-Type" : contentType);
        }
        byte[] raw = exchange.getMessage().getBody(byte[].class);
        if (raw == null || raw.length == 0) {
            raw = emptyJson.getBytes(StandardCharsets.UTF_8);
        } else if (raw.length > maxBytes) {
            throw ApiException.tooLarge(maxBytes);
        }
        try {
            T value = Json.MAPPER.readValue(raw, type);
            if (value == null) {
                throw ApiException.badRequest("the body must be a JSON object");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest(JsonErrors.describe(e));
        } catch (java.io.IOException e) {
            throw ApiException.badRequest("unreadable body: " + e.getMessage());
        }
    }

    /** application/json, with or without parameters such as charset. */
    public static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String media = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
        return media.trim().equalsIgnoreCase(JSON);
    }

    public static void respond(Exchange exchange, int status, Object body) {
        try {
            exchange.getMessage().setBody(Json.MAPPER.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render response", e);
        }
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, JSON);
    }
}
