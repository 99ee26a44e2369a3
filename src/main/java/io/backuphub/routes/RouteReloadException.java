package io.backuphub.routes;

/** A route could not be reloaded; the running route is unchanged. */
public class RouteReloadException extends RuntimeException {

    private final String routeId;
    private final boolean missing;

    public RouteReloadException(String routeId, String reason, boolean missing) {
        super("route " + routeId + " not reloaded: " + reason);
        this.routeId = routeId;
        this.missing = missing;
    }

    public String routeId() {
        return routeId;
    }

    /** True when there is no such route file (404 rather than 422). */
    public boolean missing() {
        return missing;
    }
}
