package io.backuphub.api;

import io.backuphub.auth.Permission;
import io.backuphub.routes.RouteReloader;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The running routes, and redeploying one from its file. */
@Path("/api/v1")
public class RoutesResource {

    @Inject RouteReloader reloader;
    @Inject Caller caller;

    @Requires(Permission.BACKUP_VIEW)
    @GET
    @Path("routes")
    @Operation(summary = "Running routes")
    public Page<RouteReloader.RouteInfo> list() {
        return Page.all(reloader.list());
    }

    @Requires(Permission.SETTINGS_MODIFY)
    @POST
    @Path("routes/{id}/reload")
    @Operation(summary = "Redeploy one route from routes/<id>.camel.yaml; a broken file keeps the running route (422)")
    public RouteReloader.RouteInfo reload(@PathParam("id") String id) {
        RouteReloader.RouteInfo info = reloader.reload(id);
        caller.audit("route.reload", "route/" + id, "succeeded", info.source());
        return info;
    }
}
