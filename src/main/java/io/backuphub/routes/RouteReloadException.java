package io.backuphub.routes;

import io.backuphub.common.HubException;

/** A route could not be reloaded; the running route is unchanged. */
public class RouteReloadException extends HubException {

    public RouteReloadException(String routeId, String reason, boolean missing) {
        super(missing ? Kind.NOT_FOUND : Kind.UNPROCESSABLE, missing ? "not-found" : "invalid-route",
                "route " + routeId + " not reloaded: " + reason + "; the running route is unchanged");
    }
}
