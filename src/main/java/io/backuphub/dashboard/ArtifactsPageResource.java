package io.backuphub.dashboard;

import io.backuphub.api.ArtifactsResource;
import io.backuphub.api.Caller;
import io.backuphub.api.Page;
import io.backuphub.api.Requires;
import io.backuphub.api.StoreResource;
import io.backuphub.api.Views;
import io.backuphub.auth.Permission;
import io.backuphub.target.Target;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Stored backups: a searchable list (GET /api/v1/artifacts), and one backup with its copies, manifest,
 * verification evidence and — when fingerprinted (PostgreSQL dumps are, by their verification) — its
 * tables with row counts; download, verify, pin, delete and restore go to the API. Above the list,
 * the stores: a store that cannot be written, one shared with another catalog, and how many objects
 * each holds that the catalog does not know (never deleted by the hub on its own).
 */
@Path("/artifacts")
public class ArtifactsPageResource {

    @CheckedTemplate
    static class Templates {

        static native TemplateInstance artifacts(Page<Views.ArtifactView> artifacts, String targetId,
                List<String> targets, boolean firstPage, List<StoreResource.StoreView> stores);

        static native TemplateInstance artifact(Views.ArtifactView artifact);
    }

    @Inject ArtifactsResource artifacts;
    @Inject StoreResource stores;
    @Inject Caller caller;

    @Requires(Permission.BACKUP_VIEW)
    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Response list(@QueryParam("targetId") String targetId, @QueryParam("cursor") String cursor) {
        return Pages.html(Templates.artifacts(artifacts.list(targetId, 100, cursor),
                targetId == null ? "" : targetId,
                caller.targets().stream().map(Target::id).toList(),
                cursor == null, stores.stores()), 200);
    }

    @Requires(Permission.BACKUP_VIEW)
    @GET
    @Path("{id}")
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Response artifact(@PathParam("id") String id) {
        return Pages.html(Templates.artifact(artifacts.get(id)), 200);
    }
}
