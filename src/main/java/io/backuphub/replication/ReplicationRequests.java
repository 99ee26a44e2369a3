package io.backuphub.replication;

import io.backuphub.artifact.Artifact;
import io.backuphub.artifact.ArtifactCopies;
import io.backuphub.artifact.ArtifactCopy;
import io.backuphub.artifact.ArtifactRepository;
import io.backuphub.artifact.CopyRepository;
import io.backuphub.artifact.VerificationState;
import io.backuphub.common.HubException;
import io.backuphub.common.SafeValues;
import io.backuphub.job.Job;
import io.backuphub.job.JobKind;
import io.backuphub.job.JobLifecycle;
import io.backuphub.job.JobOrder;
import io.backuphub.job.JobQueue;
import io.backuphub.job.JobRepository;
import io.backuphub.job.JobTrigger;
import io.backuphub.store.StoreRegistry;
import io.backuphub.target.Target;
import io.backuphub.target.TargetRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.camel.Variable;
import org.jboss.logging.Logger;

/**
 * Asks for copies of artifacts in other stores, each a replicate job: on demand (the API), after a
 * backup (the stores whose copy failed, and the target's replicateTo), and again for copies a target
 * wants that failed (the repair-copies route). One copy per artifact and store is made at a time;
 * replicate jobs hold their target like any job, so a target's copies run one after another.
 */
@ApplicationScoped
@Named("replicationRequests")
public class ReplicationRequests {

    private static final Logger LOG = Logger.getLogger(ReplicationRequests.class);

    @Inject ArtifactRepository artifacts;
    @Inject ArtifactCopies artifactCopies;
    @Inject CopyRepository copies;
    @Inject StoreRegistry stores;
    @Inject TargetRegistry targets;
    @Inject JobQueue queue;
    @Inject JobRepository jobs;

    /**
     * Queues a replicate job copying {@code artifact} into {@code storeId}. Refused with the reason
     * (400/409) when the store is unknown, already holds a copy, or one is being made.
     */
    public Job request(Artifact artifact, String storeId, JobTrigger trigger, String triggerRef, String by) {
        if (storeId == null || !stores.all().containsKey(storeId)) {
            throw HubException.invalid("store: " + (storeId == null ? "is required" : "unknown store "
                    + SafeValues.show(storeId)) + " (declared: " + stores.all().keySet() + ")");
        }
        Optional<ArtifactCopy> existing = copies.find(artifact.id(), storeId);
        if (existing.isPresent() && existing.get().stored()) {
            throw HubException.conflict("artifact " + artifact.id() + " already has a copy in store " + storeId);
        }
        boolean stale = !jobs.isActive(JobKind.REPLICATE, artifact.id());
        if (!copies.claim(artifact.id(), storeId, artifact.objectKey(), stale)) {
            throw HubException.conflict("a copy of artifact " + artifact.id() + " in store " + storeId
                    + " is being made; see its replicate job");
        }
        return queue.enqueue(new JobOrder(artifact.targetId(), JobKind.REPLICATE, Map.of("store", storeId), null,
                trigger, triggerRef, by, artifact.id()));
    }

    /**
     * request-copies (run-backup): the stores the new artifact should be in and is not — those whose
     * copy failed during the backup, and the target's replicateTo. An artifact that failed verification
     * is not copied anywhere.
     */
    public void afterBackup(@Variable(JobLifecycle.JOB) Job job, @Variable(JobLifecycle.ARTIFACT) Artifact artifact) {
        if (artifact == null) {
            return;
        }
        Artifact now = artifacts.find(artifact.id()).orElse(artifact);
        if (now.verification() == VerificationState.VERIFY_FAILED) {
            LOG.warnf("artifact %s failed verification: not copied to other stores", now.id());
            return;
        }
        targets.find(now.targetId()).ifPresent(target -> missing(now, target)
                .forEach(storeId -> requestQuietly(now, storeId, "backup " + job.id())));
    }

    /**
     * repair-copies: copies that failed (or were left copying by a hub that stopped) in a store their
     * target still wants (stores or replicateTo), asked for again; returns how many jobs were queued.
     */
    public int repair() {
        int queued = 0;
        for (ArtifactCopy copy : copies.unfinished()) {
            Optional<Artifact> artifact = artifacts.find(copy.artifactId())
                    .filter(a -> a.verification() != VerificationState.VERIFY_FAILED);
            Optional<Target> target = artifact.flatMap(a -> targets.find(a.targetId()));
            if (target.isPresent() && missing(artifact.get(), target.get()).contains(copy.store())) {
                queued += requestQuietly(artifact.get(), copy.store(), "repair") ? 1 : 0;
            }
        }
        if (queued > 0) {
            LOG.infof("repair-copies: %d copy job(s) queued for copies that failed", queued);
        }
        return queued;
    }

    /** The stores the target wants a copy in (its stores, then replicateTo) where none is stored. */
    private Set<String> missing(Artifact artifact, Target target) {
        Set<String> wanted = new LinkedHashSet<>(target.stores());
        wanted.addAll(target.replicateTo());
        List<ArtifactCopy> have = artifactCopies.of(artifact);
        have.stream().filter(ArtifactCopy::stored).map(ArtifactCopy::store).forEach(wanted::remove);
        wanted.retainAll(stores.all().keySet());
        return wanted;
    }

    private boolean requestQuietly(Artifact artifact, String storeId, String why) {
        try {
            Job job = request(artifact, storeId, JobTrigger.SYSTEM, why, "hub");
            LOG.infof("copy of artifact %s to store %s asked for (%s): job %s", artifact.id(), storeId, why, job.id());
            return true;
        } catch (HubException e) {
            LOG.infof("copy of artifact %s to store %s not asked for now: %s", artifact.id(), storeId, e.getMessage());
            return false;
        }
    }
}
