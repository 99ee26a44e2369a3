package io.backuphub.api;

import io.backuphub.auth.Permission;
import io.backuphub.common.HubException;
import io.backuphub.common.SafeValues;
import io.backuphub.job.JobRepository;
import io.backuphub.schedule.Schedule;
import io.backuphub.schedule.ScheduleRepository;
import io.backuphub.schedule.ScheduleRequest;
import io.backuphub.schedule.Schedules;
import io.backuphub.target.TargetRegistry;
import io.backuphub.target.UnknownTargetException;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestResponse;

/** Recurring backups, their next fire times and last run. */
@Path("/api/v1")
public class SchedulesResource {

    @Inject Schedules schedules;
    @Inject ScheduleRepository store;
    @Inject JobRepository jobs;
    @Inject Caller caller;
    @Inject TargetRegistry targets;

    @Requires(Permission.BACKUP_VIEW)
    @GET
    @Path("schedules")
    @Operation(summary = "Schedules, by id, with cursor pagination")
    public Page<Views.ScheduleView> list(@QueryParam("targetId") String targetId, @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor) {
        int size = Page.limit(limit);
        return Page.of(store.list(JobsResource.targetId(targetId), caller.visibleTargets(), size,
                Cursor.decode(cursor, SafeValues.SLUG)), size,
                s -> Views.ScheduleView.of(s, null, targets.find(s.targetId()).isPresent()), Schedule::id);
    }

    @Requires(Permission.BACKUP_SCHEDULE)
    @POST
    @Path("schedules")
    @Operation(summary = "Create a recurring backup: {\"targetId\", \"cron\" (Unix 5-field, Quartz, or a preset),"
            + " \"timezone\" (IANA), \"enabled\", \"options\"}")
    @APIResponse(responseCode = "201", description = "Created; Location names it", content = @Content(mediaType = "application/json", schema = @Schema(implementation = Views.ScheduleView.class)))
    public RestResponse<Views.ScheduleView> create(ScheduleRequest body) {
        Schedule schedule = audited("schedule.create", schedules.create(inScope(request(body))));
        return Answers.created(view(schedule), "/api/v1/schedules/" + schedule.id());
    }

    /** What a schedule would be: validated as a create is (400 with every problem), its timing in words and next runs. */
    @Requires(Permission.BACKUP_VIEW)
    @POST
    @Path("schedules/preview")
    @Operation(summary = "Check a schedule without saving it: its timing in words and its next five runs, or 400")
    public Views.ScheduleView preview(ScheduleRequest body) {
        return Views.ScheduleView.of(schedules.preview(inScope(request(body))), null, true);
    }

    @Requires(Permission.SETTINGS_MODIFY)
    @POST
    @Path("schedules/reload")
    @Operation(summary = "Re-apply the schedules file; an invalid file is refused (422) and the schedules in use stay")
    public Views.SchedulesReloaded reload() {
        int count = schedules.reloadFile();
        caller.audit("schedules.reload", schedules.file().toString(), "succeeded", count + " schedule(s)");
        return new Views.SchedulesReloaded(schedules.file().toString(), count);
    }

    @Requires(Permission.BACKUP_VIEW)
    @GET
    @Path("schedules/{id}")
    @Operation(summary = "A schedule with its next fire times and last run")
    public Views.ScheduleView get(@PathParam("id") String id) {
        return view(visible(id));
    }

    @Requires(Permission.BACKUP_SCHEDULE)
    @PUT
    @Path("schedules/{id}")
    @Operation(summary = "Replace a schedule created through the API")
    public Views.ScheduleView replace(@PathParam("id") String id, ScheduleRequest body) {
        return view(audited("schedule.update", schedules.replace(visible(id).id(), inScope(request(body)))));
    }

    @Requires(Permission.BACKUP_SCHEDULE)
    @DELETE
    @Path("schedules/{id}")
    @Operation(summary = "Delete a schedule created through the API")
    public RestResponse<Void> delete(@PathParam("id") String id) {
        schedules.delete(visible(id).id());
        caller.audit("schedule.delete", "schedule/" + id, "succeeded", null);
        return RestResponse.noContent();
    }

    @Requires(Permission.BACKUP_SCHEDULE)
    @POST
    @Path("schedules/{id}/pause")
    @Operation(summary = "Pause a schedule created through the API")
    public Views.ScheduleView pause(@PathParam("id") String id) {
        return view(audited("schedule.pause", schedules.setEnabled(visible(id).id(), false)));
    }

    @Requires(Permission.BACKUP_SCHEDULE)
    @POST
    @Path("schedules/{id}/resume")
    @Operation(summary = "Resume a paused schedule")
    public Views.ScheduleView resume(@PathParam("id") String id) {
        return view(audited("schedule.resume", schedules.setEnabled(visible(id).id(), true)));
    }

    private Views.ScheduleView view(Schedule schedule) {
        return Views.ScheduleView.of(schedule,
                jobs.startedBy(schedule.id(), 1).stream().findFirst().map(Views.JobView::of).orElse(null),
                targets.find(schedule.targetId()).isPresent());
    }

    private Schedule audited(String action, Schedule schedule) {
        caller.audit(action, "schedule/" + schedule.id(), "succeeded",
                schedule.targetId() + " " + schedule.cron().input() + " " + schedule.timezone());
        return schedule;
    }

    /** The schedule {@code id}; one of a target out of the caller's scope is as unknown (404) as a missing one. */
    private Schedule visible(String id) {
        Schedule schedule = schedules.get(id(id));
        return caller.inScope(schedule, schedule.targetId(), () -> HubException.notFound("no schedule " + id));
    }

    /** A schedule may only be made for a target in the caller's scope (one out of it is as unknown as a missing one). */
    private ScheduleRequest inScope(ScheduleRequest request) {
        if (request.targetId() != null && SafeValues.matches(SafeValues.SLUG, request.targetId())
                && !caller.sees(request.targetId())) {
            throw new UnknownTargetException(request.targetId());
        }
        return request;
    }

    private static ScheduleRequest request(ScheduleRequest body) {
        return body == null ? new ScheduleRequest(null, null, null, null, null, null) : body;
    }

    private static String id(String id) {
        return SafeValues.require(SafeValues.SLUG, id, "schedule id");
    }
}
