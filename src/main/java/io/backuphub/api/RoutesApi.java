package io.backuphub.api;

import io.backuphub.audit.AuditLog;
import io.backuphub.routes.RouteReloadException;
import io.backuphub.routes.RouteReloader;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.util.List;
import org.apache.camel.Exchange;

/** /api/v1/routes: the running routes, and redeploying one from its file. */
@ApplicationScoped
@Named("routesApi")
public class RoutesApi {

    private final RouteReloader reloader;
    private final AuditLog audit;

    public RoutesApi(RouteReloader reloader, AuditLog audit) {
        this.reloader = reloader;
        this.audit = audit;
    }

    public void list(Exchange exchange) {
        ApiSupport.respond(exchange, 200, new Views.Page<>(reloader.list(), null));
    }

    public void reload(Exchange exchange) {
        String id = ApiSupport.pathParam(exchange, "id", RouteReloader.ROUTE_ID, "route id");
        String caller = ApiSupport.caller(exchange);
        try {
            RouteReloader.RouteInfo info = reloader.reload(id);
            audit.record(caller, "route.reload", "route/" + id, ApiSupport.source(exchange), "succeeded", info.source());
            ApiSupport.respond(exchange, 200, info);
        } catch (RouteReloadException e) {
            if (e.missing()) {
                throw ApiException.notFound(e.getMessage());
            }
            throw new ApiException(422, "invalid-route", "Route not reloaded",
                    e.getMessage() + "; the running route is unchanged", List.of());
        }
    }
}
