package io.backuphub.restore;

import io.backuphub.artifact.Artifact;
import io.backuphub.artifact.ArtifactReader;
import io.backuphub.artifact.VerificationState;
import io.backuphub.engine.Fingerprint;
import io.backuphub.engine.RestoreRequest;
import io.backuphub.engine.Restorer;
import io.backuphub.job.Job;
import io.backuphub.job.JobKind;
import io.backuphub.job.JobLifecycle;
import io.backuphub.job.JobOrder;
import io.backuphub.job.JobQueue;
import io.backuphub.job.JobRepository;
import io.backuphub.job.JobStatus;
import io.backuphub.job.JobTrigger;
import io.backuphub.job.RunningJobs;
import io.backuphub.transport.ProcessScope;
import io.backuphub.transport.Transports;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.apache.camel.Body;
import org.apache.camel.Variable;
import org.jboss.logging.Logger;

/**
 * The run-restore route's steps, in order: preflight (the plan still holds), safety-backup (replace
 * only), stream-into-database, check-restored-data (fingerprints equal), swap-databases (replace only).
 * Whatever the run created is dropped unless it reached the end; the live database is only ever
 * renamed, never written, so a failed or cancelled restore leaves it as it was.
 */
@ApplicationScoped
@Named("restoreRunner")
public class RestoreRunner {

    /** The exchange variable holding the {@link StagedRestore} between the steps. */
    public static final String RESTORE = "restore";
    private static final Logger LOG = Logger.getLogger(RestoreRunner.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss")
            .withZone(ZoneOffset.UTC);

    @Inject RestorePlanner planner;
    @Inject Transports transports;
    @Inject RunningJobs running;
    @Inject ArtifactReader reader;
    @Inject JobQueue queue;
    @Inject JobRepository jobs;

    /** preflight-restore: checks the plan again (the destination may have changed since the confirm). */
    public StagedRestore preflight(@Variable(JobLifecycle.JOB) Job job) {
        String database = (String) job.options().get("database");
        RestorePlanner.Resolved plan = planner.recheck(job.artifactId(), job.targetId(), database,
                (String) job.options().get("mode"));
        ProcessScope scope = running.scope(job.id());
        String into = plan.replace() ? sideName(database, "_restoring_", job.startedAt()) : database;
        StagedRestore restore = new StagedRestore(plan, () -> transports.connect(plan.destination(), scope), into);
        running.onFailure(job.id(), reason -> dropUnlessFinished(restore));
        LOG.infof("restoring artifact %s into %s on %s (%s)", plan.artifact().id(), database,
                plan.destination().id(), plan.mode().id());
        return restore;
    }

    /**
     * order-safety-backup: an ordinary backup of the destination, ordered inside the restore (under its
     * target lock, stopped with it), for the route to run (run-safety-backup) before anything is touched.
     */
    public Job orderSafetyBackup(@Variable(JobLifecycle.JOB) Job job, @Variable(RESTORE) StagedRestore restore)
            throws IOException {
        Job backup = queue.startInside(job, new JobOrder(job.targetId(), JobKind.BACKUP, Map.of(), null,
                JobTrigger.RESTORE, job.id(), job.triggeredBy(), null));
        LOG.infof("safety backup of %s: job %s", job.targetId(), backup.id());
        restore.safetyLink = running.stopsWith(job.id(), backup.id());
        return backup;
    }

    /** require-verified-safety-backup: the restore goes on only if the safety backup succeeded and verified. */
    public void requireSafetyBackup(@Variable(JobLifecycle.JOB) Job job, @Variable(RESTORE) StagedRestore restore,
            @Body Job backup) throws IOException {
        running.scope(job.id()).release(restore.safetyLink);
        restore.safetyLink = null;
        running.scope(job.id()).checkRunning();
        Job ended = jobs.find(backup.id()).orElseThrow();
        boolean stored = ended.status() == JobStatus.SUCCEEDED || ended.status() == JobStatus.PARTIAL;
        if (!stored || ended.verification() != VerificationState.VERIFIED) {
            throw new IOException("the safety backup (job " + ended.id() + ") did not succeed and verify ("
                    + ended.status().id() + (ended.verification() == null ? "" : ", verification "
                            + ended.verification().id())
                    + (ended.error() == null ? "" : ": " + ended.error()) + "); the live database was not touched");
        }
    }

    /** stream-into-database: store -> checksum -> decrypt -> decompress -> the engine's restore tool. */
    public void stream(@Variable(JobLifecycle.JOB) Job job, @Variable(RESTORE) StagedRestore restore)
            throws IOException {
        RestorePlanner.Resolved plan = restore.plan;
        Restorer restorer = plan.restorer();
        restorer.createDatabase(plan.destination(), restore.into, restore.destination);
        restore.created = restore.into;
        long started = System.nanoTime();
        restorer.restore(new RestoreRequest(plan.destination(), restore.into,
                reader.decoded(plan.artifact(), plan.source()), restore.destination, plan.replace(),
                running.progress(job.id())));
        running.scope(job.id()).checkRunning();
        LOG.infof("streamed %d bytes of dump into %s in %.1f s", running.progress(job.id()).get(), restore.into,
                (System.nanoTime() - started) / 1e9);
    }

    /** check-restored-data: the restored database's fingerprint equals the one taken from the backup. */
    public void check(@Variable(RESTORE) StagedRestore restore) throws IOException {
        Artifact artifact = restore.plan.artifact();
        if (artifact.fingerprint() == null) {
            LOG.warnf("artifact %s has no fingerprint (verify it to take one): the restored data of %s was not"
                    + " compared with the backup", artifact.id(), restore.into);
            return;
        }
        Fingerprint restored = restore.plan.restorer().fingerprint(restore.plan.destination(), restore.into,
                restore.destination);
        List<String> differences = artifact.fingerprint().differences(restored);
        if (!differences.isEmpty()) {
            throw new IOException("the restored data differs from the backup in " + differences.size() + " table(s): "
                    + String.join("; ", differences));
        }
        LOG.infof("restored data of %s equals the backup: %d tables, %d rows", restore.into,
                restored.tables().size(), restored.totalRows());
    }

    /**
     * swap-databases (replace): the live database is renamed aside, kept until someone drops it, and the
     * checked side database takes its name. If the second rename fails, the first is undone.
     */
    public void swap(@Variable(JobLifecycle.JOB) Job job, @Variable(RESTORE) StagedRestore restore)
            throws IOException {
        RestorePlanner.Resolved plan = restore.plan;
        String live = plan.database();
        String before = sideName(live, "_before_restore_", Instant.now());
        Restorer restorer = plan.restorer();
        restorer.renameDatabase(plan.destination(), live, before, restore.destination);
        try {
            restorer.renameDatabase(plan.destination(), restore.into, live, restore.destination);
        } catch (IOException e) {
            restorer.renameDatabase(plan.destination(), before, live, restore.destination);
            throw e;
        }
        restore.finished = true;
        LOG.infof("replaced %s on %s; the previous database is kept as %s", live, plan.destination().id(), before);
    }

    /** keep-restored-database: from here on the restored database stays. */
    public void keep(@Variable(RESTORE) StagedRestore restore) {
        restore.finished = true;
    }

    /**
     * A run that ended early drops what it created, before the job is recorded as failed, with a
     * connection of its own (the job's may have been stopped).
     */
    private void dropUnlessFinished(StagedRestore restore) {
        if (restore.finished || restore.created == null) {
            return;
        }
        RestorePlanner.Resolved plan = restore.plan;
        try (ProcessScope cleanup = ProcessScope.open("restore-cleanup", Duration.ofMinutes(5))) {
            plan.restorer().dropDatabase(plan.destination(), restore.created,
                    () -> transports.connect(plan.destination(), cleanup));
            LOG.infof("dropped %s on %s: the restore did not complete", restore.created, plan.destination().id());
        } catch (IOException | RuntimeException e) {
            LOG.errorf("could not drop %s on %s after a failed restore: %s (drop it by hand)", restore.created,
                    plan.destination().id(), e.getMessage());
        }
    }

    /** {@code <db><marker><timestamp>}, the name cut so the whole fits PostgreSQL's 63 characters. */
    static String sideName(String database, String marker, Instant at) {
        String stamp = STAMP.format(at == null ? Instant.now() : at);
        int room = 63 - marker.length() - stamp.length();
        return (database.length() > room ? database.substring(0, room) : database) + marker + stamp;
    }
}
