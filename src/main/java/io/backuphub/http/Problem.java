package io.backuphub.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.backuphub.common.HubException;
import io.backuphub.common.Json;
import io.backuphub.common.JsonErrors;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * An RFC 9457 problem document, the one shape every error of the hub's HTTP edge takes. {@link #of}
 * is the one place where what went wrong (a {@link HubException}'s kind, a malformed JSON body, an
 * unexpected failure) becomes a status code; an unexpected failure is logged with an incident id and
 * answered with that id only.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance, List<String> errors) {

    public static final String CONTENT_TYPE = "application/problem+json";
    public static final String TYPE_PREFIX = "urn:backup-hub:problem:";
    private static final Logger LOG = Logger.getLogger(Problem.class);

    public static Problem of(int status, String type, String title, String detail) {
        return new Problem(TYPE_PREFIX + type, title, status, detail, null, List.of());
    }

    /** The problem for anything thrown while handling a request (wrappers such as Camel's are looked through). */
    public static Problem of(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof HubException e) {
                if (e.kind() == HubException.Kind.UNAVAILABLE && e.getCause() != null) {
                    LOG.errorf(e.getCause(), "%s", e.getMessage());
                }
                return new Problem(TYPE_PREFIX + e.type(), title(e.kind()), status(e.kind()), e.getMessage(), null,
                        e.problems());
            }
            if (t instanceof JsonProcessingException json) {
                return of(400, "invalid-request", "Invalid request", JsonErrors.describe(json));
            }
        }
        String incident = UUID.randomUUID().toString();
        LOG.errorf(thrown, "internal error %s", incident);
        return of(500, "internal-error", "Internal error",
                "unexpected error; the hub log has the details under incident " + incident);
    }

    static int status(HubException.Kind kind) {
        return switch (kind) {
            case INVALID -> 400;
            case UNAUTHENTICATED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case UNPROCESSABLE -> 422;
            case RATE_LIMITED -> 429;
            case UNAVAILABLE -> 503;
        };
    }

    private static String title(HubException.Kind kind) {
        return switch (kind) {
            case INVALID -> "Invalid request";
            case UNAUTHENTICATED -> "Unauthorized";
            case FORBIDDEN -> "Forbidden";
            case NOT_FOUND -> "Not found";
            case CONFLICT -> "Conflict";
            case UNPROCESSABLE -> "Not applied";
            case RATE_LIMITED -> "Too many requests";
            case UNAVAILABLE -> "Unavailable";
        };
    }

    public Problem at(String path) {
        return new Problem(type, title, status, detail, path, errors);
    }

    public String json() {
        try {
            return Json.MAPPER.writeValueAsString(this);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** Answers a Vert.x request that no route will see (the edge refused it first). */
    public void send(RoutingContext ctx) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", CONTENT_TYPE)
                .end((instance == null ? at(ctx.normalizedPath()) : this).json());
    }
}
