package io.backuphub.schedule;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;

/**
 * Keeps one Quartz trigger per enabled schedule, set to its next fire time (computed by CronSpec,
 * which handles DST the way cron does). Each fire sets the next. A trigger whose time passed while
 * no hub ran misfires and fires once when a hub is back ("fire now"), not once per missed slot.
 */
@ApplicationScoped
public class ScheduleTriggers {

    private static final Logger LOG = Logger.getLogger(ScheduleTriggers.class);
    static final String GROUP = "schedules";
    static final JobKey JOB = JobKey.jobKey("fire-schedule", GROUP);

    private final Scheduler scheduler;
    private final Duration minInterval;

    public ScheduleTriggers(Scheduler scheduler, SchedulesProperties config) {
        this.scheduler = scheduler;
        this.minInterval = config.minInterval();
    }

    void prepare(ScheduleFirer firer) throws SchedulerException {
        scheduler.getContext().put(FireScheduleJob.FIRER, firer);
        JobDetail job = JobBuilder.newJob(FireScheduleJob.class).withIdentity(JOB).storeDurably()
                .withDescription("fires backup schedules").build();
        scheduler.addJob(job, true);
    }

    void start() throws SchedulerException {
        scheduler.start();
    }

    /** (Re)sets the schedule's trigger to its next fire time after {@code after}, or removes it. */
    public void set(Schedule schedule, Instant after) {
        try {
            TriggerKey key = TriggerKey.triggerKey(schedule.id(), GROUP);
            Instant next = schedule.enabled() ? schedule.cron().nextAfter(schedule.timezone(), after) : null;
            if (next == null) {
                scheduler.unscheduleJob(key);
                return;
            }
            Trigger trigger = TriggerBuilder.newTrigger().withIdentity(key).forJob(JOB)
                    .startAt(Date.from(next))
                    .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
                    .build();
            if (scheduler.checkExists(key)) {
                scheduler.rescheduleJob(key, trigger);
            } else {
                scheduler.scheduleJob(trigger);
            }
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot schedule " + schedule.id() + ": " + e.getMessage(), e);
        }
    }

    /**
     * After a fire that was due at {@code firedFor}: the next fire time after {@code after}, but never
     * sooner than hub.schedules.min-interval after this one (for schedules stored before that rule).
     */
    void setAfterFire(Schedule schedule, Instant firedFor, Instant after) {
        Instant earliest = firedFor.plus(minInterval).minusMillis(1);
        set(schedule, after.isAfter(earliest) ? after : earliest);
    }

    public void remove(String scheduleId) {
        try {
            scheduler.unscheduleJob(TriggerKey.triggerKey(scheduleId, GROUP));
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot unschedule " + scheduleId + ": " + e.getMessage(), e);
        }
    }

    /**
     * At start: enabled schedules without a trigger get one; existing triggers are kept as they are
     * (a past fire time is a misfire Quartz fires once); triggers of schedules gone are removed.
     */
    void reconcile(List<Schedule> schedules, Instant now) throws SchedulerException {
        Set<TriggerKey> wanted = new HashSet<>();
        for (Schedule schedule : schedules) {
            TriggerKey key = TriggerKey.triggerKey(schedule.id(), GROUP);
            if (!schedule.enabled()) {
                scheduler.unscheduleJob(key);
            } else {
                wanted.add(key);
                if (!scheduler.checkExists(key)) {
                    set(schedule, now);
                }
            }
        }
        for (TriggerKey key : scheduler.getTriggerKeys(GroupMatcher.triggerGroupEquals(GROUP))) {
            if (!wanted.contains(key)) {
                scheduler.unscheduleJob(key);
                LOG.infof("removed the trigger of schedule %s, which no longer exists", key.getName());
            }
        }
    }
}
