package io.backuphub.dashboard;

import io.backuphub.api.ArtifactsResource;
import io.backuphub.api.Views;
import io.backuphub.target.Target;
import io.backuphub.target.TargetRegistry;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The restore wizard: pick a backup, a destination and a mode; the API's preview shows the plan
 * (POST /api/v1/artifacts/{id}/restores/preview); typing the destination database's name enables the
 * restore itself (its confirm token goes with it); then the job's page shows it to the end.
 */
@Path("/restore")
public class RestorePageResource {

    @CheckedTemplate
    static class Templates {

        static native TemplateInstance restore(Views.ArtifactView artifact, List<Views.ArtifactView> recent,
                List<Target> destinations);
    }

    @Inject ArtifactsResource artifacts;
    @Inject TargetRegistry targets;

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Response page(@QueryParam("artifact") String artifactId) {
        Views.ArtifactView artifact = artifactId == null || artifactId.isEmpty() ? null : artifacts.get(artifactId);
        List<Views.ArtifactView> recent = artifact != null ? List.of()
                : artifacts.list(null, 100, null).items().stream()
                        .filter(a -> !"verify_failed".equals(a.verification())).toList();
        List<Target> destinations = targets.all().stream()
                .filter(t -> artifact == null || t.engine().equals(artifact.engine()))
                .sorted(java.util.Comparator.comparing(Target::id)).toList();
        return Pages.html(Templates.restore(artifact, recent, destinations), 200);
    }
}
