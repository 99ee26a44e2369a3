package io.backuphub.dashboard;

import io.backuphub.api.ArtifactsResource;
import io.backuphub.api.Caller;
import io.backuphub.api.JobsResource;
import io.backuphub.api.Page;
import io.backuphub.api.Requires;
import io.backuphub.api.Views;
import io.backuphub.auth.Permission;
import io.backuphub.engine.Fingerprint;
import io.backuphub.job.JobKind;
import io.backuphub.job.JobSort;
import io.backuphub.job.JobStatus;
import io.backuphub.job.JobTrigger;
import io.backuphub.target.Target;
import io.backuphub.target.TargetRegistry;
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
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Jobs: a filtered, paged list (GET /api/v1/jobs), and one job with its progress live over server-sent
 * events (GET /api/v1/jobs/{id}/events) and a cancel button (DELETE /api/v1/jobs/{id}).
 */
@Path("/jobs")
public class JobsPageResource {

    /**
     * The filters as the form shows them ("" for none) and the sort; {@code query} keeps them across pages,
     * {@code sortBy} is a column header's link (the same column again turns the order around).
     */
    public record Filters(String targetId, String status, String kind, String trigger, String since, String sort) {

        public String query() {
            return filtersQuery() + "&sort=" + sort;
        }

        private String filtersQuery() {
            return "targetId=" + targetId + "&status=" + status + "&kind=" + kind + "&trigger=" + trigger
                    + "&since=" + since;
        }

        public String sortBy(String column) {
            String current = current();
            boolean descending = current.equals(column) || (!current.equals("-" + column) && column.equals("created"));
            return "/jobs?" + filtersQuery() + "&sort=" + (descending ? "-" : "") + column;
        }

        /** aria-sort of a column header. */
        public String ariaSort(String column) {
            String current = current();
            return current.equals(column) ? "ascending" : current.equals("-" + column) ? "descending" : "none";
        }

        private String current() {
            return sort.isEmpty() ? JobSort.Order.NEWEST_FIRST.id() : sort;
        }
    }

    /** A choice of the time filter: jobs created within {@code length} from now. */
    public record Span(String id, String label, Duration length) {
    }

    static final List<Span> SPANS = List.of(new Span("1h", "last hour", Duration.ofHours(1)),
            new Span("24h", "last 24 hours", Duration.ofDays(1)), new Span("7d", "last 7 days", Duration.ofDays(7)),
            new Span("30d", "last 30 days", Duration.ofDays(30)));

    /** The span a filter names; null for none (or one not offered). */
    static Span span(String id) {
        return SPANS.stream().filter(sp -> sp.id().equals(id)).findFirst().orElse(null);
    }

    @CheckedTemplate
    static class Templates {

        static native TemplateInstance jobs(Page<Views.JobView> jobs, Filters filters, List<String> targets,
                List<String> statuses, List<String> kinds, List<String> triggers, List<Span> spans,
                boolean firstPage);

        static native TemplateInstance job(Views.JobProgress progress, boolean cancellable, Restored restored);
    }

    /**
     * What a restore made, in the words of the person who asked for it: the database on its host, how, from
     * which backup, and whether the restored data was compared with the backup's fingerprint.
     */
    public record Restored(String destination, String host, String database, String mode, String backupId,
            Instant backupCreatedAt, Integer tables, Long rows) {

        public boolean compared() {
            return tables != null;
        }
    }

    @Inject JobsResource jobs;
    @Inject ArtifactsResource artifacts;
    @Inject TargetRegistry targets;
    @Inject Caller caller;

    @Requires(Permission.BACKUP_VIEW)
    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Response list(@QueryParam("targetId") String targetId, @QueryParam("status") JobStatus status,
            @QueryParam("kind") JobKind kind, @QueryParam("trigger") JobTrigger trigger,
            @QueryParam("since") String since, @QueryParam("cursor") String cursor, @QueryParam("sort") String sort) {
        Span span = span(since);
        Page<Views.JobView> page = jobs.list(targetId, status, kind, trigger,
                span == null ? null : Instant.now().minus(span.length()), null, 50, cursor,
                sort == null || sort.isEmpty() ? null : sort);
        Filters filters = new Filters(targetId == null ? "" : targetId, status == null ? "" : status.id(),
                kind == null ? "" : kind.id(), trigger == null ? "" : trigger.id(), span == null ? "" : span.id(),
                sort == null ? "" : JobSort.Order.parse(sort).id());
        return Pages.html(Templates.jobs(page, filters,
                caller.targets().stream().map(Target::id).toList(),
                Arrays.stream(JobStatus.values()).map(JobStatus::id).toList(),
                Arrays.stream(JobKind.values()).map(JobKind::id).toList(),
                Arrays.stream(JobTrigger.values()).map(JobTrigger::id).toList(), SPANS, cursor == null), 200);
    }

    @Requires(Permission.BACKUP_VIEW)
    @GET
    @Path("{id}")
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Response job(@PathParam("id") String id) {
        Views.JobProgress progress = jobs.progress(id);
        boolean cancellable = progress.job().finishedAt() == null;
        return Pages.html(Templates.job(progress, cancellable, restored(progress.job())), 200);
    }

    private Restored restored(Views.JobView job) {
        if (!job.kind().equals(JobKind.RESTORE.id()) || job.artifactId() == null) {
            return null;
        }
        Views.ArtifactView backup = artifacts.get(job.artifactId());
        String host = targets.find(job.targetId()).map(t -> t.database() == null ? null : t.database().host())
                .orElse(null);
        Fingerprint fingerprint = backup.fingerprint();
        return new Restored(job.targetId(), host, String.valueOf(job.options().get("database")),
                String.valueOf(job.options().get("mode")), backup.id(), backup.createdAt(),
                fingerprint == null ? null : fingerprint.tables().size(),
                fingerprint == null ? null : fingerprint.totalRows());
    }
}
