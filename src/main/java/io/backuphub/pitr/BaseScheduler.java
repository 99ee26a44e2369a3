package io.backuphub.pitr;

import io.backuphub.artifact.Artifact;
import io.backuphub.common.CronSpec;
import io.backuphub.job.Job;
import io.backuphub.job.JobKind;
import io.backuphub.job.JobOrder;
import io.backuphub.job.JobQueue;
import io.backuphub.job.JobRepository;
import io.backuphub.job.JobTrigger;
import io.backuphub.target.Target;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Base backups a PITR target needs without anyone asking (docs/pitr.md): the first as soon as its WAL
 * streams (WAL restores nothing without a base before it), then on {@code pitr.base.cron} — missed
 * fires make one base. Called by the replica streaming the target, so one replica decides.
 */
@ApplicationScoped
public class BaseScheduler {

    private static final Logger LOG = Logger.getLogger(BaseScheduler.class);

    @Inject JobRepository jobs;
    @Inject JobQueue queue;

    /** Queues the target's base when one is due; the job, or empty. */
    public Optional<Job> queueDue(Target target) {
        if (jobs.hasPendingBackup(target.id())) {
            return Optional.empty();
        }
        Optional<Job> last = jobs.newestBackupWith(target.id(), "kind", Artifact.BASE);
        String why;
        if (last.isEmpty()) {
            why = "the first base: WAL restores nothing without a base before it";
        } else {
            Target.PitrSpec.BaseSpec base = target.pitr().base();
            if (base == null || base.cron() == null
                    || CronSpec.parse(base.cron()).newestFire(base.zone(), last.get().createdAt(),
                            Instant.now()) == null) {
                return Optional.empty();
            }
            why = "pitr.base.cron " + base.cron();
        }
        return Optional.of(queueNow(target, why));
    }

    /** Queues a base of the target now, saying why in the log. */
    public Job queueNow(Target target, String why) {
        Job job = queue.enqueue(new JobOrder(target.id(), JobKind.BACKUP, Map.of("kind", Artifact.BASE), null,
                JobTrigger.SCHEDULE, "pitr-base", "pitr", null));
        LOG.infof("base backup of %s queued as job %s (%s)", target.id(), job.id(), why);
        return job;
    }
}
