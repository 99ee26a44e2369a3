package io.backuphub.dashboard;

import io.backuphub.api.Caller;
import io.backuphub.api.TargetsResource;
import io.backuphub.api.Views;
import io.backuphub.artifact.ArtifactRepository;
import io.backuphub.auth.SessionRepository;
import io.backuphub.http.ApiKeyAuthenticator;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The dashboard's first page: every target as a tile, red and amber first, with the reason for its
 * colour and its last backup; counts at the top. The tiles are the API's own target views
 * ({@link TargetsResource}): nothing here that GET /api/v1/targets does not say.
 */
@Path("/")
public class OverviewResource {

    /** One target as its tile shows it. */
    public record Tile(Views.TargetView target, String status, int rank) {
    }

    /** The counts at the top of the page. */
    public record Counts(int targets, int failing, int attention, long storedBytes) {
    }

    @CheckedTemplate
    static class Templates {

        static native TemplateInstance overview(List<Tile> tiles, Counts counts, List<String> environments,
                List<String> engines, String user, String csrf);
    }

    private static final Map<String, Integer> ORDER = Map.of("red", 0, "yellow", 1, "green", 2);

    @Inject TargetsResource targets;
    @Inject ArtifactRepository artifacts;
    @Inject RoutingContext ctx;
    @Inject Caller caller;

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Response overview() {
        List<Tile> tiles = targets.list().items().stream()
                .map(t -> new Tile(t, t.health().status(), ORDER.getOrDefault(t.health().status(), 3)))
                .sorted(Comparator.comparingInt(Tile::rank).thenComparing(tile -> tile.target().id()))
                .toList();
        Counts counts = new Counts(tiles.size(), (int) tiles.stream().filter(t -> t.rank() == 0).count(),
                (int) tiles.stream().filter(t -> t.rank() == 1).count(), artifacts.storedBytes());
        SessionRepository.Session session = ctx.get(ApiKeyAuthenticator.SESSION);
        return Pages.html(Templates.overview(tiles, counts,
                List.copyOf(new TreeSet<>(tiles.stream().map(t -> t.target().environment()).toList())),
                List.copyOf(new TreeSet<>(tiles.stream().map(t -> t.target().engine()).toList())),
                caller.name(), session == null ? "" : session.csrfToken()), 200);
    }
}
