package io.backuphub.dashboard;

import io.backuphub.api.AnyPrincipal;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The dashboard's scripts and styles, from the classpath folder {@code dashboard/} (the hub's own, and
 * the npm dependencies the build put in {@code vendor/}). Served by the hub itself: the servlet
 * container that runs Hawtio owns META-INF/resources, under /hawtio. Only plain names of known
 * types; nothing else on the classpath is reachable.
 */
@Path("/assets")
public class AssetsResource {

    private static final Pattern NAME = Pattern.compile("(vendor/)?[a-z0-9][a-z0-9.-]{0,80}\\.(css|js)");
    private static final Map<String, String> TYPES = Map.of("css", "text/css;charset=UTF-8", "js",
            "text/javascript;charset=UTF-8");

    @AnyPrincipal
    @GET
    @Path("{name: .+}")
    @Operation(hidden = true)
    public Response asset(@PathParam("name") String name) throws IOException {
        if (!NAME.matcher(name).matches()) {
            return Response.status(404).build();
        }
        InputStream in = AssetsResource.class.getClassLoader().getResourceAsStream("dashboard/" + name);
        if (in == null) {
            return Response.status(404).build();
        }
        byte[] bytes;
        try (in) {
            bytes = in.readAllBytes();
        }
        return Response.ok(bytes, TYPES.get(name.substring(name.lastIndexOf('.') + 1)))
                .header("Cache-Control", "no-cache").build();
    }
}
