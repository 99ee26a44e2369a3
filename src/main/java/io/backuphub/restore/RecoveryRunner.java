package io.backuphub.restore;

import io.backuphub.artifact.ArtifactReader;
import io.backuphub.common.ContextThreads;
import io.backuphub.engine.Connector;
import io.backuphub.engine.HostScript;
import io.backuphub.engine.SharedConnector;
import io.backuphub.engine.ToolSession;
import io.backuphub.job.Job;
import io.backuphub.job.JobLifecycle;
import io.backuphub.job.JobRepository;
import io.backuphub.job.RunningJobs;
import io.backuphub.pitr.WalStreams;
import io.backuphub.transport.ProcessScope;
import io.backuphub.transport.Transports;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.Body;
import org.apache.camel.Variable;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.jboss.logging.Logger;

/**
 * The run-recovery route's steps (docs/pitr.md): the plan checked again, the base unpacked into a
 * new data directory on the destination's host, the WAL it needs decoded into a folder beside it,
 * recovery settings written (restore_command from that folder, the target, promote), PostgreSQL
 * started there on its own port as the transport's user, and its log read until recovery ends.
 * The recovered server is left running for the person who asked; a failure stops it and removes
 * the directories it made, keeping the server's log for the reason.
 */
@ApplicationScoped
@Named("recoveryRunner")
public class RecoveryRunner {

    /** The exchange variable holding the {@link StagedRecovery} between the steps. */
    public static final String RECOVERY = "recovery";
    private static final Logger LOG = Logger.getLogger(RecoveryRunner.class);
    private static final Duration TOOL_WAIT = Duration.ofHours(12);
    /** How often the recovering server's log is read: a command on the job's open connection, cheap. */
    private static final Duration POLL = Duration.ofMillis(250);
    /** Reads of the log that may fail in a row (a dropped connection is opened again) before the job fails. */
    private static final int READ_FAILURES = 5;
    /** How PostgreSQL reads a recovery_target_time: an ISO date and time with a space, and an offset. */
    private static final DateTimeFormatter TARGET_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSxxx")
            .withZone(ZoneOffset.UTC);
    private static final String TARGET_NOT_REACHED = "recovery ended before configured recovery target was reached";
    private static final String ZSTD = "zstd";
    private static final Pattern READY = Pattern.compile("database system is ready to accept connections");
    private static final Pattern LAST_REPLAYED = Pattern.compile("last completed transaction was at log time (.+)");
    private static final Pattern STOPPED_AT = Pattern.compile("recovery stopping (before|after) .*?, time (.+)");
    private static final Pattern FATAL = Pattern.compile("(FATAL|PANIC):\\s+(.+)");
    /** The server ended (a FATAL line alone may be a refused client, not the server). */
    private static final Pattern SHUT_DOWN = Pattern.compile("database system is shut down|startup process \\(PID");

    @Inject RecoveryPlanner planner;
    @Inject Transports transports;
    @Inject RunningJobs running;
    @Inject ArtifactReader reader;
    @Inject JobRepository jobs;

    /** A recovery under way: the plan, the destination's host, and what exists there so far. */
    public static final class StagedRecovery {

        final RecoveryPlanner.Resolved plan;
        /** The destination's host: one connection for all the steps (SSH handshakes are the slow part). */
        final SharedConnector host;
        volatile boolean made;
        volatile boolean started;
        /** Recovering to the end of the staged WAL: no transaction committed between the moment and it. */
        volatile boolean toEndOfWal;
        volatile boolean finished;
        /** A drill's measures, when a drill runs the recovery. */
        PitrDrillRunner.Measures measures;

        StagedRecovery(RecoveryPlanner.Resolved plan, SharedConnector host) {
            this.plan = plan;
            this.host = host;
        }
    }

    /** preflight-recovery: the plan must still hold; a failure from here on removes what the run made. */
    public StagedRecovery preflight(@Variable(JobLifecycle.JOB) Job job) {
        RecoveryPlanner.Resolved plan = planner.recheck(job.options(), job.targetId());
        ProcessScope scope = running.scope(job.id());
        StagedRecovery recovery = new StagedRecovery(plan,
                new SharedConnector(() -> transports.connect(plan.destination(), scope)));
        running.onFailure(job.id(), reason -> undo(recovery));
        LOG.infof("recovering %s to %s into %s on %s (base %s, %d WAL files)", plan.source().id(), plan.moment(),
                plan.dataDirectory(), plan.destination().id(), plan.base().id(), plan.wal().size());
        return recovery;
    }

    /** unpack-base: store -> checksum -> decrypt -> decompress -> tar -x into the new data directory. */
    public void unpackBase(@Variable(JobLifecycle.JOB) Job job, @Variable(RECOVERY) StagedRecovery recovery)
            throws IOException {
        RecoveryPlanner.Resolved plan = recovery.plan;
        // A log left by an earlier failed try of the same moment is kept aside, not read as this one's.
        String tools = HostScript.run(recovery.host, "mkdir -m 700 \"$1\" && mkdir -m 700 \"$2\""
                + " && { [ ! -e \"$3\" ] || mv -f \"$3\" \"$3.previous\"; }"
                + " && { command -v zstd > /dev/null 2>&1 && echo zstd || :; }", plan.dataDirectory(),
                plan.walDirectory(), plan.logFile());
        recovery.made = true;
        if (ZSTD.equalsIgnoreCase(plan.base().compression()) && ZSTD.equals(tools.strip())) {
            // The compressed base through SSH, decompressed there: a quarter of the bytes, zstd in C.
            // tar's status is the pipe's; zstd's is echoed on fd 3 and checked after it.
            try (InputStream base = reader.decrypted(plan.base(), plan.source()).open()) {
                ToolSession.run(recovery.host, HostScript.command("status=$( { { zstd -d -q -c; echo $? >&3; }"
                        + " | tar -x -f - -C \"$1\" 1>&2; } 3>&1 ) && [ \"$status\" = 0 ]", plan.dataDirectory()),
                        base, running.progress(job.id()), TOOL_WAIT, ToolSession.DISCARD);
            }
        } else {
            try (InputStream base = reader.decoded(plan.base(), plan.source()).open()) {
                ToolSession.run(recovery.host, HostScript.command("tar -x -f - -C \"$1\"", plan.dataDirectory()),
                        base, running.progress(job.id()), TOOL_WAIT, ToolSession.DISCARD);
            }
        }
        running.scope(job.id()).checkRunning();
    }

    /**
     * stage-wal: the segments replay needs, decoded, as one tar stream into the folder restore_command
     * reads from (one connection for all of them, however many).
     */
    public void stageWal(@Variable(JobLifecycle.JOB) Job job, @Variable(RECOVERY) StagedRecovery recovery)
            throws IOException {
        RecoveryPlanner.Resolved plan = recovery.plan;
        PipedInputStream tar = new PipedInputStream(1024 * 1024);
        PipedOutputStream into = new PipedOutputStream(tar);
        AtomicReference<Exception> failure = new AtomicReference<>();
        Thread writer = ContextThreads.daemon(() -> {
            try (TarArchiveOutputStream out = new TarArchiveOutputStream(into)) {
                for (WalStreams.Segment segment : plan.wal()) {
                    TarArchiveEntry entry = new TarArchiveEntry(segment.name());
                    entry.setSize(segment.bytes());
                    out.putArchiveEntry(entry);
                    try (InputStream decoded = reader.decodedObject(segment.stores(), segment.objectKey(),
                            segment.sha256(), segment.storedBytes(), plan.source()).open()) {
                        decoded.transferTo(out);
                    }
                    out.closeArchiveEntry();
                }
            } catch (IOException | RuntimeException e) {
                failure.set(e);
                try {
                    into.close();
                } catch (IOException ignored) {
                    // the reader sees the end of the stream and tar fails; the cause is kept above
                }
            }
        }, "recovery-wal-" + job.id());
        writer.start();
        try {
            ToolSession.run(recovery.host, HostScript.command("tar -x -f - -C \"$1\"", plan.walDirectory()), tar,
                    running.progress(job.id()), TOOL_WAIT, ToolSession.DISCARD);
        } catch (IOException e) {
            throw failure.get() != null ? new IOException("reading the stored WAL failed: "
                    + failure.get().getMessage(), failure.get()) : e;
        } finally {
            tar.close();
            joinQuietly(writer);
        }
        if (failure.get() != null) {
            throw new IOException("reading the stored WAL failed: " + failure.get().getMessage(), failure.get());
        }
    }

    /**
     * configure-recovery: settings appended to postgresql.auto.conf (which wins over postgresql.conf):
     * WAL from the staged folder, the target, promote at it, no archiving into the source's archive,
     * the log in English in one file; recovery.signal; and a postgresql.conf and pg_hba.conf when the
     * cluster kept them elsewhere (Debian's /etc/postgresql): local connections by the OS user's name.
     */
    public void configure(@Variable(JobLifecycle.JOB) Job job, @Variable(RECOVERY) StagedRecovery recovery)
            throws IOException {
        RecoveryPlanner.Resolved plan = recovery.plan;
        String target = plan.targetTime() != null
                ? "recovery_target_time = '" + TARGET_TIME.format(plan.targetTime()) + "'"
                : "recovery_target_lsn = '" + plan.targetLsn() + "'";
        String settings = String.join("\n",
                "# backup-hub: point-in-time recovery of " + plan.source().id() + " to " + plan.moment() + " (job "
                        + job.id() + ")",
                "restore_command = 'cp \"" + plan.walDirectory() + "/%f\" \"%p\"'",
                target,
                "recovery_target_action = 'promote'",
                "recovery_target_timeline = 'current'",
                "archive_mode = 'off'",
                "logging_collector = 'off'",
                "lc_messages = 'C'",
                "");
        ToolSession.run(recovery.host, HostScript.command("cat >> \"$1/postgresql.auto.conf\""
                + " && : > \"$1/recovery.signal\""
                + " && { [ -e \"$1/postgresql.conf\" ] || : > \"$1/postgresql.conf\"; }"
                + " && { [ -e \"$1/pg_hba.conf\" ] || echo 'local all all peer' > \"$1/pg_hba.conf\"; }"
                + " && { [ -e \"$1/pg_ident.conf\" ] || : > \"$1/pg_ident.conf\"; }", plan.dataDirectory()),
                new ByteArrayInputStream(settings.getBytes(StandardCharsets.UTF_8)), new AtomicLong(), TOOL_WAIT,
                ToolSession.DISCARD);
    }

    /** start-recovered-server: pg_ctl on the destination's host, its own port, local connections only. */
    public void start(@Variable(RECOVERY) StagedRecovery recovery) throws IOException {
        RecoveryPlanner.Resolved plan = recovery.plan;
        recovery.started = true;
        HostScript.run(recovery.host, "\"$1/pg_ctl\" -D \"$2\" -l \"$3\" -W -o \"$4\" start", plan.pgBin(),
                plan.dataDirectory(), plan.logFile(), "-p " + plan.port() + " -c listen_addresses=localhost -k /tmp");
    }

    /**
     * await-recovery-end: reads the server's log until recovery has reached the target and the server
     * was promoted (or it stopped, with its reason); the job's deadline bounds the wait.
     */
    public Map<String, Object> awaitEnd(@Variable(JobLifecycle.JOB) Job job,
            @Variable(RECOVERY) StagedRecovery recovery)
            throws IOException, InterruptedException {
        RecoveryPlanner.Resolved plan = recovery.plan;
        ProcessScope scope = running.scope(job.id());
        int failures = 0;
        while (true) {
            scope.checkRunning();
            String log;
            try {
                log = HostScript.run(recovery.host, "tail -n 300 \"$1\"", plan.logFile());
                failures = 0;
            } catch (ProcessScope.ScopeStoppedException e) {
                throw e;
            } catch (IOException e) {
                if (++failures >= READ_FAILURES) {
                    throw e;
                }
                LOG.warnf("reading the recovery log of %s failed (%s); connecting again", plan.source().id(),
                        e.getMessage());
                recovery.host.reset();
                Thread.sleep(POLL.toMillis() * failures);
                continue;
            }
            if (SHUT_DOWN.matcher(log).find()) {
                Matcher fatal = FATAL.matcher(log);
                String why = fatal.find() ? fatal.group(2).strip() : "see its log";
                if (why.contains(TARGET_NOT_REACHED) && plan.targetTime() != null && !recovery.toEndOfWal) {
                    recoverToEndOfWal(recovery);
                    continue;
                }
                throw new IOException("the recovered server stopped: " + why + " (its log: " + plan.logFile()
                        + " on " + plan.destination().id() + "'s host)");
            }
            if (READY.matcher(log).find()) {
                Map<String, Object> result = new LinkedHashMap<>();
                result.put("host", plan.host());
                result.put("port", plan.port());
                result.put("dataDirectory", plan.dataDirectory());
                result.put("walDirectory", plan.walDirectory());
                result.put("log", plan.logFile());
                result.put("recoveredTo", recovery.toEndOfWal ? "the end of the stored WAL, which reaches past "
                        + plan.moment() + ": no transaction committed between that moment and it" : plan.moment());
                Matcher last = LAST_REPLAYED.matcher(log);
                result.put("lastReplayedAt", last.find() ? last.group(1).strip() : null);
                Matcher stopped = STOPPED_AT.matcher(log);
                if (stopped.find()) {
                    result.put("stoppedAt", stopped.group(2).strip());
                }
                result.put("baseArtifactId", plan.base().id());
                result.put("stop", plan.pgBin() + "/pg_ctl -D " + plan.dataDirectory() + " stop");
                return result;
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    /**
     * PostgreSQL stops at a moment only on seeing a transaction that committed after it. The staged WAL
     * reaches past the moment (its last segment was received at or after it), so when replay ran out
     * without such a transaction, none committed between the moment and the WAL's end: the state at
     * the moment is the state at that end. The server is started again without the target (the first
     * try's log kept beside), and recovers to the end of the staged WAL.
     */
    private void recoverToEndOfWal(StagedRecovery recovery) throws IOException {
        RecoveryPlanner.Resolved plan = recovery.plan;
        LOG.infof("recovery of %s to %s: no transaction committed after the moment in the stored WAL; recovering"
                + " to its end, which reaches past the moment", plan.source().id(), plan.moment());
        HostScript.run(recovery.host, "mv -f \"$1\" \"$1.target-not-reached\""
                + " && sed -i '/^recovery_target_time = /d' \"$2/postgresql.auto.conf\"", plan.logFile(),
                plan.dataDirectory());
        recovery.toEndOfWal = true;
        start(recovery);
    }

    /** record-recovered-server: the job's result names the server, which stays running. */
    public void record(@Variable(JobLifecycle.JOB) Job job, @Variable(RECOVERY) StagedRecovery recovery,
            @Body Map<String, Object> result) {
        jobs.recordResult(job.id(), result);
        recovery.finished = true;
        LOG.infof("recovered %s to %s: PostgreSQL on %s port %s from %s (last transaction replayed at %s)",
                recovery.plan.source().id(), recovery.plan.moment(), result.get("host"), result.get("port"),
                result.get("dataDirectory"), result.get("lastReplayedAt"));
    }

    /** A failed run: the server stopped, the directories it made removed; the log stays for the reason. */
    private void undo(StagedRecovery recovery) {
        if (!recovery.finished) {
            discard(recovery);
        }
    }

    /** Stops the recovered server (if started) and removes the directories the run made. */
    void discard(StagedRecovery recovery) {
        if (!recovery.made) {
            return;
        }
        RecoveryPlanner.Resolved plan = recovery.plan;
        try (ProcessScope cleanup = ProcessScope.open("recovery cleanup", Duration.ofMinutes(2))) {
            Connector host = () -> transports.connect(plan.destination(), cleanup);
            if (recovery.started) {
                HostScript.run(host, "\"$1/pg_ctl\" -D \"$2\" -m immediate stop || true", plan.pgBin(),
                        plan.dataDirectory());
            }
            HostScript.run(host, "rm -rf -- \"$1\" \"$2\"", plan.dataDirectory(), plan.walDirectory());
            recovery.made = false;
            LOG.infof("stopped the recovered server and removed %s and %s (its log stays: %s)", plan.dataDirectory(),
                    plan.walDirectory(), plan.logFile());
        } catch (IOException | RuntimeException e) {
            LOG.errorf("could not remove %s after the failed recovery: %s", plan.dataDirectory(), e.getMessage());
        }
    }

    private static void joinQuietly(Thread thread) {
        try {
            thread.join(Duration.ofMinutes(1).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
