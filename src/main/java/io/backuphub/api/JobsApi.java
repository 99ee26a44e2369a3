package io.backuphub.api;

import io.backuphub.audit.AuditLog;
import io.backuphub.job.Job;
import io.backuphub.job.JobKind;
import io.backuphub.job.JobQuery;
import io.backuphub.job.JobQueue;
import io.backuphub.job.JobStatus;
import io.backuphub.job.JobStore;
import io.backuphub.target.SafeValues;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.util.Arrays;
import java.util.List;
import org.apache.camel.Exchange;

/** /api/v1/jobs: job status, history with cursor pagination, cancelling queued jobs. */
@ApplicationScoped
@Named("jobsApi")
public class JobsApi {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    private final JobStore jobs;
    private final JobQueue queue;
    private final AuditLog audit;

    public JobsApi(JobStore jobs, JobQueue queue, AuditLog audit) {
        this.jobs = jobs;
        this.queue = queue;
        this.audit = audit;
    }

    public void get(Exchange exchange) {
        ApiSupport.respond(exchange, 200, Views.JobView.of(job(exchange)));
    }

    public void list(Exchange exchange) {
        String targetId = ApiSupport.query(exchange, "targetId");
        if (targetId != null && !SafeValues.matches(SafeValues.SLUG, targetId)) {
            throw ApiException.badRequest("targetId must match [a-z0-9-]{1,63}");
        }
        int limit = ApiSupport.limitQuery(exchange, DEFAULT_LIMIT, MAX_LIMIT);
        JobQuery query = new JobQuery(targetId,
                enumQuery(exchange, "status", JobStatus.class),
                enumQuery(exchange, "kind", JobKind.class),
                ApiSupport.instantQuery(exchange, "from"),
                ApiSupport.instantQuery(exchange, "to"),
                limit + 1,
                ApiSupport.cursorQuery(exchange));
        List<Job> found = jobs.list(query);
        List<Job> page = found.size() > limit ? found.subList(0, limit) : found;
        String next = found.size() > limit ? ApiSupport.cursorFor(page.get(page.size() - 1).id()) : null;
        ApiSupport.respond(exchange, 200, new Views.Page<>(page.stream().map(Views.JobView::of).toList(), next));
    }

    /** Cancels a queued (or scheduled) job; a running or finished job is a 409. */
    public void cancel(Exchange exchange) {
        Job job = job(exchange);
        String caller = ApiSupport.caller(exchange);
        if (!queue.cancel(job.id(), caller)) {
            Job now = jobs.find(job.id()).orElse(job);
            throw ApiException.conflict("job " + job.id() + " is " + now.status().id() + "; only queued jobs can be cancelled");
        }
        audit.record(caller, "job.cancel", "job/" + job.id(), ApiSupport.source(exchange), "succeeded", null);
        ApiSupport.respond(exchange, 200, Views.JobView.of(jobs.find(job.id()).orElseThrow()));
    }

    private Job job(Exchange exchange) {
        String id = ApiSupport.idParam(exchange, "job");
        return jobs.find(id).orElseThrow(() -> ApiException.notFound("no job " + id));
    }

    static <E extends Enum<E>> E enumQuery(Exchange exchange, String name, Class<E> type) {
        String value = ApiSupport.query(exchange, name);
        if (value == null) {
            return null;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(value)) {
                return constant;
            }
        }
        throw ApiException.badRequest(name + " must be one of " + Arrays.stream(type.getEnumConstants())
                .map(c -> c.name().toLowerCase(java.util.Locale.ROOT)).toList());
    }
}
