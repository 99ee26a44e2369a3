package io.backuphub.schedule;

import io.backuphub.common.CronSpec;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
 * The engine behind {@code clock:} routes ({@link ClockComponent}: retention sweep, daily digests,
 * history pruning): each fires on its cron in its zone, read the way schedules read theirs
 * ({@link CronSpec}: a time skipped by a DST change runs after the jump, never not at all), once across
 * replicas (Quartz's clustered store). Like a schedule, each fire sets the next. The fire reaches the
 * route on the replica Quartz picked; a replica whose route is stopped logs it and the next fire goes
 * on.
 */
@ApplicationScoped
public class RouteClock {

    private static final Logger LOG = Logger.getLogger(RouteClock.class);
    static final String GROUP = "routes";
    private static final String CRON = "cron";
    private static final String ZONE = "zone";
    private static final String CLOCK = "backup-hub.route-clock";

    @Inject Scheduler scheduler;
    private final Map<String, ClockComponent.ClockConsumer> routes = new ConcurrentHashMap<>();

    /** Before Quartz starts (Schedules, priority 300), so that a fire finds the clock. */
    void onStart(@Observes @Priority(250) StartupEvent event) throws SchedulerException {
        scheduler.getContext().put(CLOCK, this);
    }

    /** A clock route started: it fires at the next time {@code cron} names in {@code zone}, and after each fire the next. */
    void every(String name, String cron, ZoneId zone, ClockComponent.ClockConsumer route) throws SchedulerException {
        routes.put(name, route);
        every(name, cron, zone, Instant.now());
    }

    /** A clock route stopped: its fires (on this replica) go nowhere until it starts again. */
    void stopped(String name, ClockComponent.ClockConsumer route) {
        routes.remove(name, route);
    }

    void every(String name, String cron, ZoneId zone, Instant after) throws SchedulerException {
        CronSpec spec = CronSpec.parse(cron);
        JobKey job = JobKey.jobKey(name, GROUP);
        scheduler.addJob(JobBuilder.newJob(FireRoute.class).withIdentity(job).storeDurably()
                .usingJobData(CRON, spec.input()).usingJobData(ZONE, zone.getId()).build(), true);
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
        String name = context.getJobDetail().getKey().getName();
        set(context.getJobDetail().getKey(), CronSpec.parse(data.getString(CRON)), ZoneId.of(data.getString(ZONE)),
                Instant.now());
        ClockComponent.ClockConsumer route = routes.get(name);
        if (route == null) {
            LOG.warnf("clock:%s fired, but its route does not run on this replica: this fire is skipped", name);
            return;
        }
        try {
            route.fire();
        } catch (Exception e) {
            LOG.errorf("clock:%s failed: %s", name, e.getMessage());
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
