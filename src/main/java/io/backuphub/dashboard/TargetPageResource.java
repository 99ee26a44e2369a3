package io.backuphub.dashboard;

import io.backuphub.api.JobsResource;
import io.backuphub.api.Page;
import io.backuphub.api.PoliciesResource;
import io.backuphub.api.Requires;
import io.backuphub.api.RetentionResource;
import io.backuphub.api.SchedulesResource;
import io.backuphub.api.TargetsResource;
import io.backuphub.api.Views;
import io.backuphub.api.WalResource;
import io.backuphub.artifact.Artifact;
import io.backuphub.artifact.ArtifactRepository;
import io.backuphub.auth.Permission;
import io.backuphub.common.HubException;
import io.backuphub.job.JobKind;
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
import java.util.Comparator;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * One target: its backups (paged), size and duration of its runs over 7, 30 or 90 days (failures marked), its
 * settings with where each comes from (the target, a policy, a default), schedules, retention with what
 * the next sweep deletes and why, pins, the recovery window of a PITR target, and "back up now". Every part is an API
 * answer.
 */
@Path("/targets/{id}")
public class TargetPageResource {

    /** The retention part: the policy in force and the plan, or why there is no plan. */
    public record RetentionPart(Views.TargetRetention policy, Views.PlanView plan, String problem) {

        /** The id of the policy (policies.yaml) the retention in force comes from, or null. */
        public String fromPolicy() {
            String from = policy.effectiveFrom();
            return from != null && from.startsWith(PolicyRows.POLICY) ? from.substring(PolicyRows.POLICY.length())
                    : null;
        }
    }

    @CheckedTemplate
    static class Templates {

        static native TemplateInstance target(Views.TargetView target, Page<Views.JobView> history, String cursor,
                int days, RunsChart runs, List<Views.ScheduleView> schedules, RetentionPart retention,
                List<Artifact> pins, WindowBar recovery, Views.EffectivePolicyView policy,
                List<PolicyRows.Row> policyRows);
    }

    private static final int HISTORY_PAGE = 20;

    @Inject TargetsResource targets;
    @Inject JobsResource jobs;
    @Inject SchedulesResource schedules;
    @Inject RetentionResource retention;
    @Inject ArtifactRepository artifacts;
    @Inject WalResource wal;
    @Inject PoliciesResource policies;

    @Requires(Permission.BACKUP_VIEW)
    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Response page(@PathParam("id") String id, @QueryParam("cursor") String cursor,
            @QueryParam("days") Integer days) {
        Views.TargetView target = targets.get(id);
        int span = days != null && (days == 7 || days == 90) ? days : 30;
        Instant now = Instant.now();
        Instant from = now.minus(Duration.ofDays(span));
        List<Views.JobView> finished = jobs.list(target.id(), null, JobKind.BACKUP, null, from, null, 500, null, null)
                .items().stream().filter(j -> j.finishedAt() != null && !j.status().equals("cancelled"))
                .sorted(Comparator.comparing(Views.JobView::finishedAt)).toList();
        RunsChart runs = RunsChart.of(finished, from.getEpochSecond(), now.getEpochSecond());
        List<Artifact> pins = artifacts.stored(target.id()).stream().filter(a -> a.pinReason() != null).toList();
        Views.EffectivePolicyView policy = policies.effective(target.id());
        return Pages.html(Templates.target(target,
                jobs.list(target.id(), null, JobKind.BACKUP, null, null, null, HISTORY_PAGE, cursor, null), cursor,
                span, runs, schedules.list(target.id(), 100, null).items(), retention(target.id()), pins,
                recovery(target), policy, PolicyRows.of(policy.settings())), 200);
    }

    /** A PITR target's recovery window; null for the others. */
    private WindowBar recovery(Views.TargetView target) {
        try {
            return WindowBar.of(wal.recoveryWindow(target.id()), Instant.now());
        } catch (HubException e) {
            return null; // not a PITR target
        }
    }

    private RetentionPart retention(String targetId) {
        Views.TargetRetention policy = retention.getTarget(targetId);
        if (policy.effective() == null) {
            return new RetentionPart(policy, null, null); // no policy: everything is kept, nothing to preview
        }
        try {
            return new RetentionPart(policy, retention.preview(targetId, null), null);
        } catch (HubException e) {
            return new RetentionPart(policy, null, e.getMessage());
        }
    }
}
