package io.backuphub.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.backuphub.Json;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;

/** Renders an {@link ApiException} as an RFC 9457 problem document. */
public final class ProblemJson {

    public static final String CONTENT_TYPE = "application/problem+json";

    private ProblemJson() {
    }

    public static Map<String, Object> body(ApiException e, String instance) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", e.type());
        problem.put("title", e.title());
        problem.put("status", e.status());
        problem.put("detail", e.getMessage());
        if (instance != null && !instance.isEmpty()) {
            problem.put("instance", instance);
        }
        if (!e.errors().isEmpty()) {
            problem.put("errors", e.errors());
        }
        return problem;
    }

    public static String json(ApiException e, String instance) {
        try {
            return Json.MAPPER.writeValueAsString(body(e, instance));
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** For Vert.x handlers that answer before Camel is involved (authentication). */
    public static void write(RoutingContext ctx, ApiException e, String instance) {
        ctx.response()
                .setStatusCode(e.status())
                .putHeader("Content-Type", CONTENT_TYPE)
                .end(json(e, instance == null ? ctx.request().path() : instance));
    }
}
