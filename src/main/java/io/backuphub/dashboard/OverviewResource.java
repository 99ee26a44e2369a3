package io.backuphub.dashboard;

import io.backuphub.api.JobsResource;
import io.backuphub.api.Page;
import io.backuphub.api.Requires;
import io.backuphub.api.SchedulesResource;
import io.backuphub.api.TargetsResource;
import io.backuphub.api.Views;
import io.backuphub.artifact.ArtifactRepository;
import io.backuphub.artifact.VerificationState;
import io.backuphub.auth.Permission;
import io.backuphub.job.JobKind;
import io.backuphub.job.JobStatus;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The dashboard's first page: every target as a tile, red and amber first, with the reason for its
 * colour, the age of its last verified backup, its next scheduled run, its last drill and RPO, and a
 * sparkline of its backups' sizes over 30 days; counts at the top. The tiles are the API's own target
 * views ({@link TargetsResource}) and schedules ({@link SchedulesResource}); the rest comes from a few
 * catalog queries for all targets at once (docs/benchmarks.md "Dashboard" measures it with 500 targets).
 */
@Path("/")
public class OverviewResource {

    /** One target as its tile shows it. */
    public record Tile(Views.TargetView target, String status, int rank, Instant lastVerifiedAt, String nextRun,
            String scheduleState, boolean overdue, Chart sizes, Views.JobView running) {

        /** The last backup failed and can be run again from the tile. */
        public boolean retryable() {
            return target.lastBackup() != null && "failed".equals(target.lastBackup().status());
        }
    }

    /** The counts at the top of the page. */
    public record Counts(int targets, int failing, int attention, int overdue, long storedBytes) {
    }

    @CheckedTemplate
    static class Templates {

        static native TemplateInstance overview(List<Tile> tiles, Counts counts, List<String> environments,
                List<String> engines);
    }

    private static final Map<String, Integer> ORDER = Map.of("red", 0, "yellow", 1, "green", 2);
    private static final Duration TREND = Duration.ofDays(30);

    @Inject TargetsResource targets;
    @Inject SchedulesResource schedules;
    @Inject JobsResource jobs;
    @Inject ArtifactRepository artifacts;

    @Requires(Permission.BACKUP_VIEW)
    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Response overview() {
        Instant now = Instant.now();
        List<Views.TargetView> views = targets.list().items();
        List<String> ids = views.stream().map(Views.TargetView::id).toList();
        // One range scan for every target's last 30 days: sizes, and the last verified backup of most.
        Map<String, List<Chart.Point>> sizes = new HashMap<>();
        Map<String, Instant> lastVerified = new HashMap<>();
        for (ArtifactRepository.Made made : artifacts.madeSince(now.minus(TREND))) {
            sizes.computeIfAbsent(made.targetId(), id -> new ArrayList<>())
                    .add(new Chart.Point(made.createdAt(), made.bytes()));
            if (made.verification() == VerificationState.VERIFIED && !made.deleted()) {
                lastVerified.put(made.targetId(), made.createdAt());
            }
        }
        // Targets without one in the window: an indexed lookup each (few, and those are the stale ones).
        ids.stream().filter(id -> !lastVerified.containsKey(id))
                .forEach(id -> artifacts.lastVerifiedAt(id).ifPresent(at -> lastVerified.put(id, at)));
        Map<String, String> nextRuns = new HashMap<>();
        Map<String, String> scheduleStates = new HashMap<>();
        String cursor = null;
        do {
            Page<Views.ScheduleView> page = schedules.list(null, 500, cursor);
            for (Views.ScheduleView s : page.items()) {
                scheduleStates.merge(s.targetId(), s.state(), (a, b) -> a.equals("active") ? a : b);
                if (!s.nextFireTimes().isEmpty()) {
                    nextRuns.merge(s.targetId(), s.nextFireTimes().get(0),
                            (a, b) -> Instant.parse(a).isBefore(Instant.parse(b)) ? a : b);
                }
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        Map<String, Views.JobView> running = new HashMap<>();
        jobs.list(null, JobStatus.RUNNING, JobKind.BACKUP, null, null, null, 500, null, null).items()
                .forEach(j -> running.putIfAbsent(j.targetId(), j));
        List<Tile> tiles = views.stream().map(t -> {
            Instant lastVerifiedAt = lastVerified.get(t.id());
            boolean overdue = t.expectedEvery() != null
                    && (lastVerifiedAt == null || lastVerifiedAt.isBefore(now.minus(t.expectedEvery())));
            return new Tile(t, t.health().status(), ORDER.getOrDefault(t.health().status(), 3), lastVerifiedAt,
                    nextRuns.get(t.id()), scheduleStates.getOrDefault(t.id(), "none"), overdue,
                    Chart.of(sizes.getOrDefault(t.id(), List.of()), now.minus(TREND), now, 200, 32),
                    running.get(t.id()));
        }).sorted(Comparator.comparingInt(Tile::rank).thenComparing(tile -> tile.target().id())).toList();
        Counts counts = new Counts(tiles.size(), (int) tiles.stream().filter(t -> t.rank() == 0).count(),
                (int) tiles.stream().filter(t -> t.rank() == 1).count(),
                (int) tiles.stream().filter(Tile::overdue).count(), artifacts.storedBytes());
        return Pages.html(Templates.overview(tiles, counts,
                List.copyOf(new TreeSet<>(tiles.stream().map(t -> t.target().environment()).toList())),
                List.copyOf(new TreeSet<>(tiles.stream().map(t -> t.target().engine()).toList()))), 200);
    }
}
