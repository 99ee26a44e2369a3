package io.backuphub.restore;

import io.backuphub.artifact.Artifact;
import io.backuphub.artifact.ArtifactReader;
import io.backuphub.artifact.ArtifactRepository;
import io.backuphub.engine.Engines;
import io.backuphub.engine.Fingerprint;
import io.backuphub.engine.RestoreRequest;
import io.backuphub.engine.Restorer;
import io.backuphub.job.Job;
import io.backuphub.job.JobLifecycle;
import io.backuphub.job.JobRepository;
import io.backuphub.job.RunningJobs;
import io.backuphub.target.Target;
import io.backuphub.target.TargetRegistry;
import io.backuphub.transport.ProcessScope;
import io.backuphub.transport.Transports;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.Variable;
import org.jboss.logging.Logger;

/**
 * The run-drill route's steps: pick the newest verified backup of the target, restore it into a new
 * database on the scratch target, compare it with the backup's fingerprint, drop it, and record RTO
 * and RPO. A drill that fails records why (and the differences), and drops what it created.
 */
@ApplicationScoped
@Named("drillRunner")
public class DrillRunner {

    public static final String DRILL = "drill";
    static final Duration GAP_WINDOW = Duration.ofDays(30);
    private static final Logger LOG = Logger.getLogger(DrillRunner.class);

    @Inject DrillRepository drills;
    @Inject ArtifactRepository artifacts;
    @Inject TargetRegistry targets;
    @Inject Engines engines;
    @Inject Transports transports;
    @Inject RunningJobs running;
    @Inject ArtifactReader reader;
    @Inject JobRepository jobs;
    @Inject Event<DrillRecorded> recorded;

    /** pick-newest-verified-backup */
    public StagedDrill prepare(@Variable(JobLifecycle.JOB) Job job) throws IOException {
        Drill drill = drills.byJob(job.id()).orElseThrow(() -> new IOException("no drill is recorded for job "
                + job.id()));
        AtomicReference<StagedDrill> staged = new AtomicReference<>();
        running.onFailure(job.id(), reason -> {
            StagedDrill ran = staged.get();
            if (ran != null) {
                drop(ran);
            }
            ended(job, drill, ran == null ? null : ran.differences, reason);
        });
        Target source = targets.require(drill.targetId());
        Target scratch = targets.require(drill.scratchTargetId());
        Artifact artifact = artifacts.newestCountable(source.id()).orElseThrow(() -> new IOException(
                "target " + source.id() + " has no verified backup to drill"));
        if (artifact.fingerprint() == null) {
            throw new IOException("artifact " + artifact.id() + " has no fingerprint to compare with (verify it"
                    + " again to take one)");
        }
        Restorer restorer = engines.get(artifact.engine()).restorer().orElseThrow(() -> new IOException(
                "the " + artifact.engine() + " engine cannot restore yet"));
        ProcessScope scope = running.scope(job.id());
        Instant now = Instant.now();
        String database = RestoreRunner.sideName("hub_drill_" + source.id().replace('-', '_'), "_", now);
        staged.set(new StagedDrill(drill, source, scratch, artifact, restorer, () -> transports.connect(scratch, scope),
                database, now));
        drills.started(drill.id(), artifact.id(), now);
        LOG.infof("drill of %s: restoring artifact %s into %s on %s", source.id(), artifact.id(), database,
                scratch.id());
        return staged.get();
    }

    /** restore-into-scratch */
    public void restore(@Variable(JobLifecycle.JOB) Job job, @Variable(DRILL) StagedDrill drill) throws IOException {
        drill.restoreStartedAt = Instant.now();
        drill.restorer.createDatabase(drill.scratch, drill.database, drill.connector);
        drill.created = true;
        drill.restorer.restore(new RestoreRequest(drill.scratch, drill.database,
                reader.decoded(drill.artifact, drill.source), drill.connector, false, running.progress(job.id())));
        running.scope(job.id()).checkRunning();
    }

    /** compare-with-backup: every table's rows and checksum as the backup's fingerprint says. */
    public void compare(@Variable(DRILL) StagedDrill drill) throws IOException {
        Fingerprint restored = drill.restorer.fingerprint(drill.scratch, drill.database, drill.connector);
        drill.checkedAt = Instant.now();
        List<String> differences = drill.artifact.fingerprint().differences(restored);
        if (!differences.isEmpty()) {
            drill.differences = differences;
            throw new IOException("the restored data differs from the backup in " + differences.size()
                    + " table(s): " + String.join("; ", differences));
        }
    }

    /** drop-scratch-database */
    public void dropScratch(@Variable(DRILL) StagedDrill drill) {
        drop(drill);
    }

    /** record-drill: RTO, RPO and the worst gap between verified backups over the last 30 days. */
    public void record(@Variable(DRILL) StagedDrill drill) {
        double rto = Duration.between(drill.restoreStartedAt, drill.checkedAt).toMillis() / 1000.0;
        Instant backupStart = jobs.find(drill.artifact.jobId()).map(Job::startedAt)
                .orElse(drill.artifact.createdAt());
        long rpo = Duration.between(backupStart, drill.startedAt).toSeconds();
        long worstGap = worstGap(artifacts.verifiedSince(drill.source.id(), drill.startedAt.minus(GAP_WINDOW)),
                drill.startedAt).toSeconds();
        drills.succeeded(drill.drill.id(), rto, rpo, worstGap, Instant.now());
        LOG.infof("drill of %s succeeded: RTO %.1fs, RPO %ds (worst gap between verified backups in 30 days: %ds)",
                drill.source.id(), rto, rpo, worstGap);
        drills.byJob(drill.drill.jobId()).map(DrillRecorded::new).ifPresent(recorded::fire);
    }

    /** The largest gap between consecutive verified backups, and from the last one to {@code until}. */
    static Duration worstGap(List<Instant> verified, Instant until) {
        List<Instant> times = new ArrayList<>(verified);
        times.add(until);
        Duration worst = Duration.ZERO;
        for (int i = 1; i < times.size(); i++) {
            Duration gap = Duration.between(times.get(i - 1), times.get(i));
            if (gap.compareTo(worst) > 0) {
                worst = gap;
            }
        }
        return worst;
    }

    private void ended(Job job, Drill drill, List<String> differences, String reason) {
        boolean cancelled = jobs.find(job.id()).map(Job::cancelRequestedBy).isPresent();
        drills.ended(drill.id(), cancelled ? "cancelled" : "failed", differences, reason, Instant.now());
        drills.byJob(job.id()).map(DrillRecorded::new).ifPresent(recorded::fire);
    }

    /** Drops the scratch database with a connection of its own (the job's may have been stopped). */
    private void drop(StagedDrill drill) {
        if (!drill.created) {
            return;
        }
        try (ProcessScope cleanup = ProcessScope.open("drill-cleanup", Duration.ofMinutes(5))) {
            drill.restorer.dropDatabase(drill.scratch, drill.database,
                    () -> transports.connect(drill.scratch, cleanup));
            drill.created = false;
        } catch (IOException | RuntimeException e) {
            LOG.errorf("could not drop the drill database %s on %s: %s (drop it by hand)", drill.database,
                    drill.scratch.id(), e.getMessage());
        }
    }
}
