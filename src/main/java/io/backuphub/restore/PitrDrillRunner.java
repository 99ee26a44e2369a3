package io.backuphub.restore;

import io.backuphub.common.HubException;
import io.backuphub.engine.Engines;
import io.backuphub.engine.Fingerprint;
import io.backuphub.engine.SharedConnector;
import io.backuphub.job.Job;
import io.backuphub.job.JobLifecycle;
import io.backuphub.job.JobRepository;
import io.backuphub.job.RunningJobs;
import io.backuphub.pitr.RecoveryWindow;
import io.backuphub.pitr.RecoveryWindows;
import io.backuphub.target.Target;
import io.backuphub.target.TargetRegistry;
import io.backuphub.transport.Transports;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.Variable;
import org.jboss.logging.Logger;

/**
 * The run-pitr-drill route's own steps (docs/pitr.md): a PITR target's recovery proved on a schedule.
 * A random second of its recovery window is recovered, with the recovery's own steps, into a new data
 * directory on the scratch target's host; the recovered server's tables are counted (reaching them
 * proves it recovered and opened); then it is stopped and removed. RTO is the time from the base's
 * unpacking to the counted tables; RPO the age of the newest restorable second when the drill began;
 * the worst gap the longest stretch of the window's gaps.
 */
@ApplicationScoped
@Named("pitrDrillRunner")
public class PitrDrillRunner {

    private static final Logger LOG = Logger.getLogger(PitrDrillRunner.class);
    /**
     * Recovered servers of drills listen on a port picked from here, on the scratch host's localhost:
     * below Linux's ephemeral range (32768-60999), where other servers' random ports are.
     */
    private static final int FIRST_PORT = 20000;
    private static final int PORTS = 10000;
    private final SecureRandom random = new SecureRandom();

    @Inject DrillRepository drills;
    @Inject TargetRegistry targets;
    @Inject RecoveryWindows windows;
    @Inject RecoveryPlanner planner;
    @Inject RecoveryRunner recoveries;
    @Inject Transports transports;
    @Inject RunningJobs running;
    @Inject Engines engines;
    @Inject JobRepository jobs;
    @Inject Event<DrillRecorded> recorded;

    /** What the drill measured, beside the recovery it ran. */
    static final class Measures {

        Instant startedAt;
        long rpoSeconds;
        long worstGapSeconds;
        Fingerprint counted;
    }

    /** pick-a-moment-in-the-window: a random restorable second, planned like a recovery onto the scratch host. */
    public RecoveryRunner.StagedRecovery prepare(@Variable(JobLifecycle.JOB) Job job) throws IOException {
        Drill drill = drills.byJob(job.id()).orElseThrow(() -> new IOException("no drill is recorded for job "
                + job.id()));
        AtomicReference<RecoveryRunner.StagedRecovery> staged = new AtomicReference<>();
        running.onFailure(job.id(), reason -> {
            if (staged.get() != null) {
                recoveries.discard(staged.get());
            }
            boolean cancelled = jobs.find(job.id()).map(Job::cancelRequestedBy).isPresent();
            drills.ended(drill.id(), cancelled ? "cancelled" : "failed", null, reason, Instant.now());
            drills.byJob(job.id()).map(DrillRecorded::new).ifPresent(recorded::fire);
        });
        Target source = targets.require(drill.targetId());
        Target scratch = targets.require(drill.scratchTargetId());
        RecoveryWindow window = windows.of(source);
        Instant moment = moment(window).orElseThrow(() -> new IOException("target " + source.id()
                + " has nothing restorable to drill yet (no verified base with its WAL; GET /api/v1/targets/"
                + source.id() + "/recovery-window)"));
        RecoveryPlanner.Resolved plan;
        try {
            plan = planner.forDrill(source, scratch, moment, FIRST_PORT + random.nextInt(PORTS));
        } catch (HubException e) {
            throw new IOException(e.getMessage(), e);
        }
        RecoveryRunner.StagedRecovery recovery = new RecoveryRunner.StagedRecovery(plan,
                new SharedConnector(() -> transports.connect(scratch, running.scope(job.id()))));
        recovery.measures = new Measures();
        recovery.measures.startedAt = Instant.now();
        recovery.measures.rpoSeconds = window.lagSeconds() == null ? 0 : window.lagSeconds();
        recovery.measures.worstGapSeconds = window.gaps().stream()
                .mapToLong(g -> Duration.between(g.from(), g.to()).toSeconds()).max().orElse(0);
        staged.set(recovery);
        drills.started(drill.id(), plan.base().id(), recovery.measures.startedAt);
        LOG.infof("PITR drill of %s: recovering to %s onto %s (base %s)", source.id(), moment, scratch.id(),
                plan.base().id());
        return recovery;
    }

    /** A second inside one of the window's stretches, each second of them as likely. */
    Optional<Instant> moment(RecoveryWindow window) {
        List<RecoveryWindow.Stretch> stretches = window.stretches().stream()
                .filter(s -> s.to().getEpochSecond() > s.from().getEpochSecond()).toList();
        long total = stretches.stream().mapToLong(s -> s.to().getEpochSecond() - s.from().getEpochSecond()).sum();
        if (total <= 0) {
            return Optional.empty();
        }
        long pick = (long) (random.nextDouble() * total);
        for (RecoveryWindow.Stretch s : stretches) {
            long length = s.to().getEpochSecond() - s.from().getEpochSecond();
            if (pick < length) {
                return Optional.of(s.from().plusSeconds(pick + 1));
            }
            pick -= length;
        }
        return Optional.of(stretches.get(stretches.size() - 1).to());
    }

    /**
     * count-recovered-rows: every table of the source's database on the recovered server, signed in as
     * the source's database user (the recovered cluster has the source's roles), over the scratch host.
     */
    public void count(@Variable(RecoveryRunner.RECOVERY) RecoveryRunner.StagedRecovery recovery) throws IOException {
        RecoveryPlanner.Resolved plan = recovery.plan;
        Target source = plan.source();
        Target.DatabaseSpec db = source.database();
        Target recovered = new Target(source.id(), source.engine(), source.environment(),
                plan.destination().transport(), new Target.DatabaseSpec("localhost", plan.port(), db.user(),
                        db.passwordEnv(), db.passwordFile(), db.name(), db.authDatabase()),
                null, null, null, null, null, null, null, null, null, List.of(), List.of(), null, null);
        recovery.measures.counted = engines.get(source.engine()).restorer().orElseThrow()
                .fingerprint(recovered, db.name(), recovery.host);
    }

    /** stop-and-remove-recovered-server: the drill's server and directories go; its log stays. */
    public void remove(@Variable(RecoveryRunner.RECOVERY) RecoveryRunner.StagedRecovery recovery) {
        recoveries.discard(recovery);
    }

    /** record-pitr-drill: RTO, RPO and the worst gap, with what was counted. */
    public void record(@Variable(JobLifecycle.JOB) Job job,
            @Variable(RecoveryRunner.RECOVERY) RecoveryRunner.StagedRecovery recovery) {
        Measures m = recovery.measures;
        Drill drill = drills.byJob(job.id()).orElseThrow();
        double rto = Duration.between(m.startedAt, Instant.now()).toMillis() / 1000.0;
        drills.succeeded(drill.id(), rto, m.rpoSeconds, m.worstGapSeconds, Instant.now());
        recovery.finished = true;
        LOG.infof("PITR drill of %s succeeded: recovered to %s, %d tables and %d rows counted, RTO %.1fs, RPO %ds",
                recovery.plan.source().id(), recovery.plan.moment(), m.counted.tables().size(), m.counted.totalRows(),
                rto, m.rpoSeconds);
        drills.byJob(job.id()).map(DrillRecorded::new).ifPresent(recorded::fire);
    }
}
