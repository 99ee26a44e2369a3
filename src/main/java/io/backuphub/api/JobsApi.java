package io.backuphub.api;

import io.backuphub.audit.AuditLog;
import io.backuphub.job.Job;
import io.backuphub.job.JobKind;
import io.backuphub.job.JobQuery;
import io.backuphub.job.JobQueue;
import io.backuphub.job.JobStatus;
import io.backuphub.job.JobStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.util.Arrays;
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
        int limit = ApiSupport.limitQuery(exchange, DEFAULT_LIMIT, MAX_LIMIT);
        JobQuery query = new JobQuery(ApiSupport.targetIdQuery(exchange),
                enumQuery(exchange, "status", JobStatus.class),
                enumQuery(exchange, "kind", JobKind.class),
                ApiSupport.instantQuery(exchange, "from"),
                ApiSupport.instantQuery(exchange, "to"),
                limit + 1,
                ApiSupport.cursorQuery(exchange));
        ApiSupport.respond(exchange, 200, Views.Page.of(jobs.list(query), limit, Views.JobView::of,
                job -> ApiSupport.cursorFor(job.id())));
    }

    /**
     * Cancels a queued (or scheduled) job: 200, cancelled. Stops a running one: 202, its tools are being
     * killed and it ends as cancelled shortly. A finished job is a 409.
     */
    public void cancel(Exchange exchange) {
        Job job = job(exchange);
        String caller = ApiSupport.caller(exchange);
        JobQueue.Cancel outcome = queue.cancel(job.id(), caller);
        if (outcome == JobQueue.Cancel.NOT_CANCELLABLE) {
            Job now = jobs.find(job.id()).orElse(job);
            throw ApiException.conflict("job " + job.id() + " is " + now.status().id() + "; only queued and running jobs"
                    + " can be cancelled");
        }
        audit.record(caller, "job.cancel", "job/" + job.id(), ApiSupport.source(exchange),
                outcome == JobQueue.Cancel.CANCELLED ? "succeeded" : "accepted", null);
        ApiSupport.respond(exchange, outcome == JobQueue.Cancel.CANCELLED ? 200 : 202,
                Views.JobView.of(jobs.find(job.id()).orElseThrow()));
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
