package io.backuphub.schedule;

import io.backuphub.backup.BackupCall;
import io.backuphub.backup.BackupRequest;
import io.backuphub.job.Job;
import io.backuphub.job.JobRepository;
import io.backuphub.job.JobTrigger;
import io.backuphub.notify.Event;
import io.backuphub.notify.EventType;
import io.backuphub.notify.Notifications;
import io.backuphub.target.Target;
import io.backuphub.target.TargetRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Instant;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Variable;
import org.jboss.logging.Logger;

/**
 * A schedule's fire: Quartz calls {@link #fire}, which sets the next fire time and hands the fire to
 * the fire-schedule route; the route's steps turn it into a backup request unless the target still
 * has a backup queued or running (a schedule never starts a second backup of the same target).
 */
@ApplicationScoped
@Named("scheduleFirer")
public class ScheduleFirer {

    private static final Logger LOG = Logger.getLogger(ScheduleFirer.class);
    public static final String FIRE = "scheduleFire";

    /** One fire of a schedule: the time it was due and the time it actually happened. */
    public record ScheduleFire(String scheduleId, Instant scheduledFor, Instant firedAt) {
    }

    @Inject ScheduleRepository schedules;
    @Inject ScheduleTriggers triggers;
    @Inject JobRepository jobs;
    @Inject ProducerTemplate producer;
    @Inject Notifications notifications;
    @Inject TargetRegistry targets;

    /** Called on a Quartz thread. */
    void fire(String scheduleId, Instant scheduledFor) {
        Instant now = Instant.now();
        Schedule schedule = schedules.find(scheduleId).orElse(null);
        if (schedule == null) {
            triggers.remove(scheduleId);
            return;
        }
        triggers.setAfterFire(schedule, scheduledFor, now.isAfter(scheduledFor) ? now : scheduledFor);
        if (!schedule.enabled()) {
            return;
        }
        try {
            producer.sendBody("direct:fire-schedule", new ScheduleFire(scheduleId, scheduledFor, now));
        } catch (RuntimeException e) {
            String reason = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
            schedules.recordFire(scheduleId, now, "failed: " + reason);
            LOG.errorf("schedule %s fired but no backup was requested: %s", scheduleId, reason);
        }
    }

    /** The fire-schedule route's second step: the backup to request, or null to skip this fire. */
    public BackupCall backupCall(@Variable(FIRE) ScheduleFire fire) {
        Schedule schedule = schedules.find(fire.scheduleId()).orElse(null);
        if (schedule == null || !schedule.enabled()) {
            return null;
        }
        if (targets.find(schedule.targetId()).isEmpty()) {
            String note = "skipped: no target " + schedule.targetId() + " is declared";
            schedules.recordFire(schedule.id(), fire.firedAt(), note);
            LOG.warnf("schedule %s %s", schedule.id(), note);
            return null;
        }
        if (jobs.hasPendingBackup(schedule.targetId())) {
            String note = "skipped: a backup of " + schedule.targetId() + " is still queued or running";
            schedules.recordFire(schedule.id(), fire.firedAt(), note);
            LOG.warnf("schedule %s %s", schedule.id(), note);
            missed(schedule, fire, note);
            return null;
        }
        return new BackupCall(schedule.targetId(), new BackupRequest(null, null, schedule.options()),
                JobTrigger.SCHEDULE,
                schedule.id(), "schedule:" + schedule.id());
    }

    /** The fire-schedule route's last step. */
    public void queued(Job job, @Variable(FIRE) ScheduleFire fire) {
        long lateMs = fire.firedAt().toEpochMilli() - fire.scheduledFor().toEpochMilli();
        String late = lateMs > 60_000 ? "fired " + lateMs / 1000 + "s after its time: missed while no hub ran" : null;
        schedules.recordFire(fire.scheduleId(), fire.firedAt(),
                "queued job " + job.id() + (late == null ? "" : " (" + late + ")"));
        if (late != null) {
            schedules.find(fire.scheduleId())
                    .ifPresent(s -> missed(s, fire, late + "; ran once on return as job " + job.id()));
        }
    }

    private void missed(Schedule schedule, ScheduleFire fire, String reason) {
        notifications.publish(Event.of(EventType.SCHEDULE_MISSED, schedule.targetId(),
                targets.find(schedule.targetId()).map(Target::environment).orElse(null)).status("missed")
                .error(reason).at(fire.firedAt())
                .detail(Map.of("scheduleId", schedule.id(), "scheduledFor", fire.scheduledFor().toString())).build());
    }
}
