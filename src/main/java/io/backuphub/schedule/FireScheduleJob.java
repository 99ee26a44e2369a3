package io.backuphub.schedule;

import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.SchedulerException;

/**
 * What Quartz runs when a schedule's time comes: hands the fire to the hub (see ScheduleFirer). Quartz's
 * job type is named in full: in this package "job" is the hub's, a backup job.
 */
public class FireScheduleJob implements org.quartz.Job {

    static final String FIRER = "backup-hub.schedule-firer";

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        try {
            ScheduleFirer firer = (ScheduleFirer) context.getScheduler().getContext().get(FIRER);
            firer.fire(context.getTrigger().getKey().getName(), context.getScheduledFireTime().toInstant());
        } catch (SchedulerException e) {
            throw new JobExecutionException(e);
        }
    }
}
