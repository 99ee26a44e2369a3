package io.backuphub.backup;

import io.backuphub.artifact.Artifact;
import io.backuphub.artifact.ArtifactRepository;
import io.backuphub.artifact.VerificationState;
import io.backuphub.engine.Fingerprint;
import io.backuphub.job.Job;
import io.backuphub.job.JobLifecycle;
import io.backuphub.notify.Event;
import io.backuphub.notify.EventType;
import io.backuphub.notify.Notifications;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Variable;
import org.jboss.logging.Logger;

/**
 * The run-backup route's judge-backup step: a verified backup is compared with the previous verified
 * one of its target. No tables where there were some fails the backup; a much smaller dump, or a table
 * that lost more than half its rows, marks it suspicious (kept, not counted by retention, amber health,
 * event backup.suspicious) until a person acknowledges it.
 */
@ApplicationScoped
@Named("suspicionCheck")
public class SuspicionCheck {

    private static final Logger LOG = Logger.getLogger(SuspicionCheck.class);

    @Inject ArtifactRepository artifacts;
    @Inject Notifications notifications;
    @Inject BackupProperties config;

    public Artifact judge(@Variable(JobLifecycle.JOB) Job job, @Variable(JobLifecycle.ARTIFACT) Artifact artifact)
            throws IOException {
        if (artifact.base()) {
            return artifact; // a base holds files, not tables: the recovery window judges it (docs/pitr.md)
        }
        Optional<Artifact> previous = artifacts.previousCountable(artifact.targetId(), artifact.id());
        if (previous.isEmpty()) {
            return artifact;
        }
        Artifact before = previous.get();
        Long tablesNow = tables(artifact);
        Long tablesThen = tables(before);
        if (tablesNow != null && tablesNow == 0 && tablesThen != null && tablesThen > 0) {
            String reason = "the dump has no tables, and the previous verified backup " + before.id() + " had "
                    + tablesThen;
            artifacts.recordVerification(artifact.id(), VerificationState.VERIFY_FAILED, reason,
                    artifact.verificationEvidence(), null, Instant.now());
            throw new IOException(reason + ": the backup failed, and retention will not count it");
        }
        if (artifact.verification() != VerificationState.VERIFIED) {
            return artifact;
        }
        List<String> reasons = reasons(artifact, before, config.suspiciousRatio());
        if (reasons.isEmpty()) {
            return artifact;
        }
        String reason = String.join("; ", reasons);
        artifacts.flagSuspicious(artifact.id(), reason);
        LOG.warnf("backup %s is suspicious: %s (acknowledge it with POST /api/v1/artifacts/%s/acknowledge once"
                + " checked)", artifact.id(), reason, artifact.id());
        notifications.publish(Event.of(EventType.BACKUP_SUSPICIOUS, artifact.targetId(), artifact.environment())
                .job(job.id(), notifications.jobLink(job.id())).status("suspicious").error(reason)
                .bytes(artifact.bytes()).duration(job.durationMs())
                .detail(Map.of("artifactId", artifact.id(), "previousArtifactId", before.id())).build());
        return artifacts.find(artifact.id()).orElse(artifact);
    }

    /** How many tables the backup holds, from its fingerprint or its verification's evidence; null if unknown. */
    static Long tables(Artifact artifact) {
        if (artifact.fingerprint() != null) {
            return (long) artifact.fingerprint().tables().size();
        }
        Object tables = artifact.verificationEvidence() == null ? null : artifact.verificationEvidence().get("tables");
        return tables instanceof Number n ? n.longValue() : null;
    }

    /** Why {@code now} looks wrong next to {@code before}; empty when it does not. */
    static List<String> reasons(Artifact now, Artifact before, double ratio) {
        List<String> reasons = new ArrayList<>();
        if (now.dumpBytes() < ratio * before.dumpBytes()) {
            reasons.add(String.format("the dump is %d bytes, %.0f%% of the previous verified backup's %d"
                    + " (below hub.backup.suspicious-ratio %s)", now.dumpBytes(),
                    100.0 * now.dumpBytes() / before.dumpBytes(), before.dumpBytes(), ratio));
        }
        if (now.fingerprint() != null && before.fingerprint() != null) {
            Map<String, Long> rowsNow = new java.util.HashMap<>();
            now.fingerprint().tables().forEach(t -> rowsNow.put(t.name(), t.rows()));
            for (Fingerprint.Table was : before.fingerprint().tables()) {
                long rows = rowsNow.getOrDefault(was.name(), 0L);
                if (rows * 2 < was.rows()) {
                    reasons.add("table " + was.name() + " has " + rows + " rows, the previous verified backup "
                            + before.id() + " had " + was.rows());
                }
            }
        }
        return reasons;
    }
}
