package io.backuphub.dashboard;

import io.backuphub.api.ArtifactsResource;
import io.backuphub.api.Caller;
import io.backuphub.api.Requires;
import io.backuphub.api.Views;
import io.backuphub.auth.Permission;
import io.backuphub.engine.Engines;
import io.backuphub.target.Target;
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
 * The restore flow as people ask for it: which target, then which backup by date (newest first, the
 * newest verified one chosen), then where — by default a new database on a server that is not
 * production, never over the production source — and how; the API's preview shows the plan
 * (POST /api/v1/artifacts/{id}/restores/preview); typing the destination database's name enables the
 * restore itself (its confirm token goes with it); the job's page then names what was made.
 */
@Path("/restore")
public class RestorePageResource {

    /** A target that can be restored from: it has backups its engine can restore. */
    public record Source(String id, String engine, String environment) {
    }

    @CheckedTemplate
    static class Templates {

        static native TemplateInstance restore(List<Source> sources, Source source, List<Views.ArtifactView> backups,
                String chosen, Views.ArtifactView artifact, List<Target> destinations, String destination);
    }

    @Inject ArtifactsResource artifacts;
    @Inject Caller caller;
    @Inject Engines engines;

    @Requires(Permission.BACKUP_RESTORE)
    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Response page(@QueryParam("target") String targetId, @QueryParam("artifact") String artifactId) {
        Views.ArtifactView artifact = artifactId == null || artifactId.isEmpty() ? null : artifacts.get(artifactId);
        String sourceId = artifact != null ? artifact.targetId()
                : targetId == null || targetId.isEmpty() ? null : targetId;
        List<Source> sources = caller.targets().stream().filter(this::restorable)
                .map(t -> new Source(t.id(), t.engine(), t.environment())).toList();
        Source source = sourceId == null ? null
                : sources.stream().filter(s -> s.id().equals(sourceId)).findFirst()
                        .orElse(new Source(sourceId, artifact == null ? "" : artifact.engine(),
                                artifact == null ? "" : artifact.environment()));
        List<Views.ArtifactView> backups = source == null || artifact != null ? List.of()
                : artifacts.list(source.id(), 100, null).items().stream()
                        .filter(a -> !"verify_failed".equals(a.verification())).toList();
        String chosen = backups.stream().filter(a -> "verified".equals(a.verification())).findFirst()
                .or(() -> backups.stream().findFirst()).map(Views.ArtifactView::id).orElse(null);
        List<Target> destinations = artifact == null ? List.of()
                : caller.targets().stream().filter(t -> t.engine().equals(artifact.engine()) && restorable(t))
                        .toList();
        return Pages.html(Templates.restore(sources, source, backups, chosen, artifact, destinations,
                artifact == null ? null : defaultDestination(artifact, destinations)), 200);
    }

    private boolean restorable(Target target) {
        return engines.all().containsKey(target.engine()) && engines.get(target.engine()).restorer().isPresent();
    }

    /**
     * Where a restore goes unless the person says otherwise: the backup's own server when it is not
     * production (a new database beside the live one), else the first other target of its engine that is
     * not production; only when there is none, the source (the preview then says why not).
     */
    private static String defaultDestination(Views.ArtifactView artifact, List<Target> destinations) {
        if (!"production".equals(artifact.environment())) {
            return artifact.targetId();
        }
        return destinations.stream().filter(t -> !"production".equals(t.environment())).map(Target::id).findFirst()
                .orElse(artifact.targetId());
    }
}
