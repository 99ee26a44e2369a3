package io.backuphub.schedule;

import io.backuphub.common.CronSpec;
import io.backuphub.common.HubConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Date;
import org.apache.camel.ProducerTemplate;
import org.jboss.logging.Logger;
import org.quartz.JobBuilder;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;

/**
 * The hub's own timed routes (retention sweep, daily digests, history pruning): each fires its
 * {@code direct:} endpoint on a cron in a zone, read the way schedules read theirs ({@link CronSpec}:
 * a time skipped by a DST change runs after the jump, never not at all), once across replicas
 * (Quartz's clustered store). Like a schedule, each fire sets the next.
 */
@ApplicationScoped
public class RouteClock {

    private static final Logger LOG = Logger.getLogger(RouteClock.class);
    static final String GROUP = "routes";
    private static final String ENDPOINT = "endpoint";
    private static final String CRON = "cron";
    private static final String ZONE = "zone";
    private static final String CLOCK = "backup-hub.route-clock";

    @Inject Scheduler scheduler;
    @Inject ProducerTemplate routes;
    @Inject HubConfig config;

    /** Before Quartz starts (Schedules, priority 300): the settings may have changed since the last run. */
    void onStart(@Observes @Priority(250) StartupEvent event) throws SchedulerException {
        scheduler.getContext().put(CLOCK, this);
        every("sweep-retention", config.retention().cron(), config.retention().timezone());
        every("send-digests", config.notifications().digestCron(), ZoneOffset.UTC);
        every("prune-history", config.history().pruneCron(), ZoneOffset.UTC);
    }

    /** Fires {@code direct:<route>} at the next time {@code cron} names in {@code zone}, and after each fire the next. */
    void every(String route, String cron, ZoneId zone) throws SchedulerException {
        every(route, cron, zone, Instant.now());
    }

    void every(String route, String cron, ZoneId zone, Instant after) throws SchedulerException {
        CronSpec spec = CronSpec.parse(cron);
        JobKey job = JobKey.jobKey(route, GROUP);
        scheduler.addJob(JobBuilder.newJob(FireRoute.class).withIdentity(job).storeDurably()
                .usingJobData(ENDPOINT, "direct:" + route).usingJobData(CRON, spec.input())
                .usingJobData(ZONE, zone.getId()).build(), true);
        set(job, spec, zone, after);
    }

    private void set(JobKey job, CronSpec cron, ZoneId zone, Instant after) throws SchedulerException {
        TriggerKey key = TriggerKey.triggerKey(job.getName(), GROUP);
        Instant next = cron.nextAfter(zone, after);
        var trigger = TriggerBuilder.newTrigger().withIdentity(key).forJob(job).startAt(Date.from(next))
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow()).build();
        if (scheduler.checkExists(key)) {
            scheduler.rescheduleJob(key, trigger);
        } else {
            scheduler.scheduleJob(trigger);
        }
    }

    private void fire(JobExecutionContext context) throws SchedulerException {
        var data = context.getJobDetail().getJobDataMap();
        set(context.getJobDetail().getKey(), CronSpec.parse(data.getString(CRON)), ZoneId.of(data.getString(ZONE)),
                Instant.now());
        try {
            routes.sendBody(data.getString(ENDPOINT), null);
        } catch (RuntimeException e) {
            LOG.errorf("%s failed: %s", data.getString(ENDPOINT), e.getMessage());
        }
    }

    /** What Quartz runs (Quartz's job type, named in full: "job" in this package means a backup job). */
    public static class FireRoute implements org.quartz.Job {

        @Override
        public void execute(JobExecutionContext context) throws org.quartz.JobExecutionException {
            try {
                ((RouteClock) context.getScheduler().getContext().get(CLOCK)).fire(context);
            } catch (SchedulerException e) {
                throw new org.quartz.JobExecutionException(e);
            }
        }
    }
}
