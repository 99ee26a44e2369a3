package io.backuphub.api;

import io.backuphub.HubConfig;
import io.backuphub.audit.AuditLog;
import io.backuphub.job.Job;
import io.backuphub.job.JobQuery;
import io.backuphub.job.JobStore;
import io.backuphub.schedule.InvalidSchedulesException;
import io.backuphub.schedule.Schedule;
import io.backuphub.schedule.ScheduleRequest;
import io.backuphub.schedule.Schedules;
import io.backuphub.schedule.ScheduleStore;
import io.backuphub.target.SafeValues;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;

/** /api/v1/schedules: recurring backups, their next fire times and last run. */
@ApplicationScoped
@Named("schedulesApi")
public class SchedulesApi {

    private final Schedules schedules;
    private final ScheduleStore store;
    private final JobStore jobs;
    private final AuditLog audit;
    private final HubConfig config;

    public SchedulesApi(Schedules schedules, ScheduleStore store, JobStore jobs, AuditLog audit, HubConfig config) {
        this.schedules = schedules;
        this.store = store;
        this.jobs = jobs;
        this.audit = audit;
        this.config = config;
    }

    public void list(Exchange exchange) {
        int limit = ApiSupport.limitQuery(exchange, JobsApi.DEFAULT_LIMIT, JobsApi.MAX_LIMIT);
        String after = ApiSupport.cursorQuery(exchange, SafeValues.SLUG);
        List<Schedule> found = store.list(ApiSupport.targetIdQuery(exchange), limit + 1, after);
        ApiSupport.respond(exchange, 200, Views.Page.of(found, limit, s -> view(s, false),
                s -> ApiSupport.cursorFor(s.id())));
    }

    public void get(Exchange exchange) {
        ApiSupport.respond(exchange, 200, view(schedules.get(id(exchange)), true));
    }

    public void create(Exchange exchange) {
        Schedule schedule = schedules.create(body(exchange));
        audited(exchange, "schedule.create", schedule);
        ApiSupport.respond(exchange, 201, view(schedule, true));
        exchange.getMessage().setHeader("Location", "/api/v1/schedules/" + schedule.id());
    }

    public void replace(Exchange exchange) {
        Schedule schedule = schedules.replace(id(exchange), body(exchange));
        audited(exchange, "schedule.update", schedule);
        ApiSupport.respond(exchange, 200, view(schedule, true));
    }

    public void delete(Exchange exchange) {
        String id = id(exchange);
        schedules.delete(id);
        audit.record(ApiSupport.caller(exchange), "schedule.delete", "schedule/" + id, ApiSupport.source(exchange),
                "succeeded", null);
        exchange.getMessage().setBody(null);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 204);
    }

    public void pause(Exchange exchange) {
        Schedule schedule = schedules.setEnabled(id(exchange), false);
        audited(exchange, "schedule.pause", schedule);
        ApiSupport.respond(exchange, 200, view(schedule, true));
    }

    public void resume(Exchange exchange) {
        Schedule schedule = schedules.setEnabled(id(exchange), true);
        audited(exchange, "schedule.resume", schedule);
        ApiSupport.respond(exchange, 200, view(schedule, true));
    }

    public void reload(Exchange exchange) {
        try {
            int count = schedules.reloadFile();
            audit.record(ApiSupport.caller(exchange), "schedules.reload", schedules.file().toString(),
                    ApiSupport.source(exchange), "succeeded", count + " schedule(s)");
            ApiSupport.respond(exchange, 200, Map.of("file", schedules.file().toString(), "schedules", count));
        } catch (InvalidSchedulesException e) {
            throw new ApiException(422, "invalid-schedules-file", "Invalid schedules file",
                    schedules.file() + " was not applied; the schedules in use are unchanged", e.problems());
        }
    }

    private void audited(Exchange exchange, String action, Schedule schedule) {
        audit.record(ApiSupport.caller(exchange), action, "schedule/" + schedule.id(), ApiSupport.source(exchange),
                "succeeded", schedule.targetId() + " " + schedule.cron().input() + " " + schedule.timezone());
    }

    private ScheduleRequest body(Exchange exchange) {
        return ApiSupport.body(exchange, ScheduleRequest.class, config.api().maxBodyBytes(), "{}");
    }

    private static String id(Exchange exchange) {
        return ApiSupport.pathParam(exchange, "id", SafeValues.SLUG, "schedule id");
    }

    private Map<String, Object> view(Schedule s, boolean withLastRun) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", s.id());
        view.put("targetId", s.targetId());
        view.put("cron", s.cron().input());
        view.put("quartzCron", s.cron().quartz());
        view.put("timezone", s.timezone().getId());
        view.put("enabled", s.enabled());
        view.put("options", s.options());
        view.put("source", s.source().id());
        view.put("nextFireTimes", s.enabled()
                ? s.cron().nextFireTimes(s.timezone(), Instant.now(), 5).stream()
                        .map(t -> t.atZone(s.timezone()).toOffsetDateTime().toString()).toList()
                : List.of());
        view.put("lastFiredAt", s.lastFiredAt());
        view.put("lastFireNote", s.lastFireNote());
        if (withLastRun) {
            view.put("lastRun", lastRun(s.id()));
        }
        view.put("createdAt", s.createdAt());
        view.put("updatedAt", s.updatedAt());
        return view;
    }

    private Map<String, Object> lastRun(String scheduleId) {
        List<Job> last = jobs.startedBy(scheduleId, 1);
        if (last.isEmpty()) {
            return null;
        }
        Job job = last.get(0);
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("jobId", job.id());
        run.put("status", job.status().id());
        run.put("verification", job.verification() == null ? null : job.verification().id());
        run.put("createdAt", job.createdAt());
        run.put("finishedAt", job.finishedAt());
        run.put("error", job.error());
        return run;
    }
}
