package io.backuphub.http;

import io.backuphub.common.HubException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpConstants;

/**
 * The http-errors route configuration's step: any failure of a route that answers HTTP itself (the
 * signed webhooks) becomes the same application/problem+json answer the API gives.
 */
@ApplicationScoped
@Named("httpProblems")
public class CamelProblems {

    @Inject RejectedRequests rejected;

    public void answer(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String path = exchange.getMessage().getHeader(Exchange.HTTP_PATH, String.class);
        Problem problem = Problem.of(cause).at(path);
        Object address = exchange.getMessage().getHeader(VertxPlatformHttpConstants.REMOTE_ADDRESS);
        rejected.record(exchange.getMessage().getHeader(Exchange.HTTP_METHOD, String.class), path, "anonymous",
                address instanceof io.vertx.core.net.SocketAddress a ? a.hostAddress() : null, problem);
        exchange.getMessage().setBody(problem.json());
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, problem.status());
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, Problem.CONTENT_TYPE);
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof HubException hub && hub.retryAfter() != null) {
                exchange.getMessage().setHeader("Retry-After", hub.retryAfter().toSeconds());
            }
        }
    }
}
