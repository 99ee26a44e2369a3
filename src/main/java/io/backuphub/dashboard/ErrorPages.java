package io.backuphub.dashboard;

import io.backuphub.common.Json;
import io.backuphub.http.Problem;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * A dashboard link that fails (a target or backup that is gone, a page that does not exist) answers a
 * page with the problem in words and a way back, not the API's problem+json. The API keeps answering
 * JSON: only a browser asking a page (not /api/) for HTML gets this.
 */
public class ErrorPages {

    @CheckedTemplate(basePath = "")
    static class Templates {

        static native TemplateInstance error(int status, String title, String detail);
    }

    @ServerResponseFilter
    public void asPage(ContainerRequestContext request, ContainerResponseContext response) {
        String path = request.getUriInfo().getRequestUri().getPath();
        String accept = request.getHeaderString("Accept");
        if (path.startsWith("/api/") || path.startsWith("/q/") || path.startsWith("/hooks/") || accept == null
                || !accept.contains("text/html") || response.getMediaType() == null
                || !Problem.CONTENT_TYPE.equals(response.getMediaType().toString())
                || !(response.getEntity() instanceof String body)) {
            return;
        }
        Problem problem;
        try {
            problem = Json.MAPPER.readValue(body, Problem.class);
        } catch (java.io.IOException unreadable) {
            return;
        }
        response.setEntity(Templates.error(problem.status(), title(problem), problem.detail()).render(),
                null, MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"));
        response.getHeaders().putSingle("Content-Security-Policy", Pages.POLICY);
        response.getHeaders().putSingle("Cache-Control", "no-store");
    }

    private static String title(Problem problem) {
        return switch (problem.status()) {
            case 404 -> "Not found";
            case 403 -> "Not allowed";
            case 401 -> "Sign in first";
            default -> problem.status() >= 500 ? "Something went wrong" : problem.title();
        };
    }
}
