package io.backuphub.api;

import io.backuphub.audit.AuditLog;
import io.backuphub.catalog.CatalogException;
import io.backuphub.target.UnknownTargetException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.jboss.logging.Logger;

/**
 * Turns any exception in an API route into problem+json. Expected errors keep their message; an
 * unexpected one is logged with an incident id and answered with that id only. Rejected writes are
 * audited like accepted ones.
 */
@ApplicationScoped
@Named("apiErrors")
public class ApiErrors {

    private static final Logger LOG = Logger.getLogger(ApiErrors.class);

    private final AuditLog audit;

    public ApiErrors(AuditLog audit) {
        this.audit = audit;
    }

    public void handle(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        ApiException problem = toProblem(cause);
        String method = ApiSupport.method(exchange);
        String path = ApiSupport.path(exchange);
        if (!"GET".equals(method) && problem.status() != 401) {
            try {
                audit.record(callerOrAnonymous(exchange), method + " " + path, path, ApiSupport.source(exchange),
                        "rejected " + problem.status(), problem.getMessage());
            } catch (CatalogException e) {
                LOG.errorf("could not audit a rejected request: %s", e.getMessage());
            }
        }
        exchange.getMessage().setBody(ProblemJson.json(problem, path));
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, problem.status());
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, ProblemJson.CONTENT_TYPE);
        exchange.getMessage().removeHeader("Location");
        problem.headers().forEach(exchange.getMessage()::setHeader);
    }

    static ApiException toProblem(Throwable caught) {
        for (Throwable t = caught; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ApiException api) {
                return api; // also when a route or bean invocation wrapped it
            }
        }
        Throwable cause = caught;
        if (cause instanceof UnknownTargetException unknown) {
            return ApiException.notFound(unknown.getMessage());
        }
        if (cause instanceof CatalogException catalog) {
            LOG.errorf(catalog, "catalog error");
            return new ApiException(503, "catalog-unavailable", "Catalog unavailable", catalog.getMessage(), null);
        }
        String incident = UUID.randomUUID().toString();
        LOG.errorf(cause, "internal error %s", incident);
        return new ApiException(500, "internal-error", "Internal error",
                "unexpected error; the hub log has the details under incident " + incident, null);
    }

    private static String callerOrAnonymous(Exchange exchange) {
        try {
            return ApiSupport.caller(exchange);
        } catch (ApiException e) {
            return "anonymous";
        }
    }
}
