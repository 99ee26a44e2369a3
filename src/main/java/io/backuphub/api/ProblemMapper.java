package io.backuphub.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.backuphub.common.HubException;
import io.backuphub.http.HttpEdge;
import io.backuphub.http.Problem;
import io.backuphub.http.RejectedRequests;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every failure of an API request, as application/problem+json (rejected writes are audited). */
public class ProblemMapper {

    private final RejectedRequests rejected;
    private final Caller caller;
    private final RoutingContext ctx;

    public ProblemMapper(RejectedRequests rejected, Caller caller, RoutingContext ctx) {
        this.rejected = rejected;
        this.caller = caller;
        this.ctx = ctx;
    }

    @ServerExceptionMapper
    public Response map(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (e instanceof NotFoundException && e.getCause() instanceof HubException bad) {
            return answer(Problem.of(bad), null); // a query parameter JAX-RS could not convert
        }
        if (hasCause(e)) {
            return answer(Problem.of(e), null); // e.g. a JSON body Jackson could not read
        }
        Problem problem = switch (status) {
            case 404 -> Problem.of(404, "not-found", "Not found", "no API resource at " + ctx.normalizedPath());
            case 405 -> Problem.of(405, "method-not-allowed", "Method not allowed",
                    ctx.request().method() + " is not allowed on " + ctx.normalizedPath());
            case 413 -> HttpEdge.tooLarge(BodyLimit.max());
            case 415 -> Problem.of(415, "unsupported-media-type", "Unsupported media type", "send application/json");
            default -> Problem.of(status, "invalid-request", "Invalid request", e.getMessage());
        };
        return answer(problem, null);
    }

    /** A JSON body Jackson could not read: says which field and why (Quarkus' own mapper answers an empty 400). */
    @ServerExceptionMapper
    public Response map(MismatchedInputException e) {
        return answer(Problem.of(e), null);
    }

    @ServerExceptionMapper
    public Response map(JsonProcessingException e) {
        return answer(Problem.of(e), null);
    }

    @ServerExceptionMapper
    public Response map(Exception e) {
        HubException hub = cause(e, HubException.class);
        return answer(Problem.of(e), hub == null ? null : hub.retryAfter());
    }

    private Response answer(Problem problem, java.time.Duration retryAfter) {
        rejected.record(ctx.request().method().name(), ctx.normalizedPath(), caller.name(), caller.source(), problem);
        Response.ResponseBuilder response = Response.status(problem.status()).type(Problem.CONTENT_TYPE)
                .entity(problem.at(ctx.normalizedPath()).json());
        if (retryAfter != null) {
            response.header("Retry-After", retryAfter.toSeconds());
        }
        return response.build();
    }

    private static boolean hasCause(Throwable e) {
        return cause(e, HubException.class) != null || cause(e, JsonProcessingException.class) != null;
    }

    private static <T> T cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
