package io.backuphub.retention;

import io.backuphub.artifact.Artifact;
import io.backuphub.artifact.ArtifactRepository;
import io.backuphub.artifact.VerificationState;
import io.backuphub.audit.AuditRepository;
import io.backuphub.common.HubConfig;
import io.backuphub.job.JobRepository;
import io.backuphub.notify.Event;
import io.backuphub.notify.Notifications;
import io.backuphub.store.ArtifactStore;
import io.backuphub.store.ObjectKeys;
import io.backuphub.store.StoreRegistry;
import io.backuphub.store.StoredObject;
import io.backuphub.target.Target;
import io.backuphub.target.TargetRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Applies retention: plans with {@link RetentionPlanner}, deletes object and manifest of each backup
 * the plan lets go, and records every deletion with its reason in the audit log. The sweep-retention
 * route runs {@link #sweep()} on a Quartz cron; the API previews and applies one target at a time.
 */
@ApplicationScoped
@Named("retention")
public class Retention {

    private static final Logger LOG = Logger.getLogger(Retention.class);
    public static final String SWEEPER = "retention-sweeper";

    @Inject RetentionPolicyRepository policies;
    @Inject ArtifactRepository artifacts;
    @Inject StoreRegistry stores;
    @Inject TargetRegistry targets;
    @Inject AuditRepository audit;
    @Inject Notifications notifications;
    @Inject HubConfig config;
    @Inject JobRepository jobs;

    /**
     * The plan for the target under its effective policy; empty when it has none (everything is kept).
     * Backups whose verification is still pending (just made, or rebuilt from the store by a rescan) are
     * not judged yet: kept, and counted for nothing.
     */
    public Optional<RetentionPlan> preview(Target target) {
        List<Artifact> stored = artifacts.stored(target.id());
        return policies.effective(target).map(effective -> {
            RetentionPlan plan = RetentionPlanner.plan(candidates(stored), effective.policy(), Instant.now(),
                    config.retention().timezone());
            List<RetentionPlan.Keep> keep = new ArrayList<>(plan.keep());
            stored.stream().filter(a -> a.verification() == VerificationState.PENDING)
                    .forEach(a -> keep.add(new RetentionPlan.Keep(a.id(), List.of("verification pending"))));
            return new RetentionPlan(keep, plan.delete());
        });
    }

    /** Plans and deletes; returns the plan with only the deletions that succeeded. */
    public Optional<RetentionPlan> apply(Target target, String actor) {
        return preview(target).map(plan -> {
            List<RetentionPlan.Delete> done = new ArrayList<>();
            Map<String, Artifact> byId = artifacts.stored(target.id()).stream()
                    .collect(Collectors.toMap(Artifact::id, Function.identity()));
            for (RetentionPlan.Delete delete : plan.delete()) {
                Artifact artifact = byId.get(delete.artifactId());
                if (artifact == null || artifact.pinned()) {
                    continue; // gone or pinned since the plan was made
                }
                if (jobs.isRestoring(artifact.id())) {
                    LOG.infof("retention keeps %s for now: a restore of it is under way", artifact.id());
                    continue;
                }
                try {
                    ArtifactStore store = stores.get(artifact.store());
                    store.delete(ObjectKeys.manifestKey(artifact.objectKey()));
                    store.delete(artifact.objectKey());
                    artifacts.markDeleted(artifact.id(), Instant.now(), "retention: " + delete.reason());
                    audit.record(actor, "retention.deleted", "artifact/" + artifact.id(), null, "succeeded",
                            delete.reason() + "; " + artifact.objectKey());
                    notifications.publish(new Event("retention.deleted", target.id(), target.environment(),
                            artifact.jobId(), "deleted", null, artifact.bytes(), null, Instant.now(), null,
                            Map.of("artifactId", artifact.id(), "reason", delete.reason(), "key",
                                    artifact.objectKey())));
                    done.add(delete);
                } catch (IOException | RuntimeException e) {
                    LOG.errorf("retention could not delete %s: %s", artifact.objectKey(), e.getMessage());
                    audit.record(actor, "retention.deleted", "artifact/" + artifact.id(), null, "failed",
                            e.getMessage());
                }
            }
            return new RetentionPlan(plan.keep(), done);
        });
    }

    /** The sweep-retention route's step: every target with a policy, then leftovers. */
    public void sweep() {
        int deleted = 0;
        for (Target target : targets.all()) {
            deleted += apply(target, SWEEPER).map(plan -> plan.delete().size()).orElse(0);
        }
        int leftovers = removeLeftovers();
        LOG.infof("retention sweep: %d backup(s) deleted by policy, %d leftover object(s) removed", deleted, leftovers);
    }

    /**
     * Objects without a catalog row — the remains of a backup that failed after committing its object
     * (a crash before the manifest or the catalog row) — once older than hub.retention.leftover-grace.
     */
    int removeLeftovers() {
        Set<String> known = artifacts.storedKeys();
        Instant cutoff = Instant.now().minus(config.retention().leftoverGrace());
        int removed = 0;
        for (Map.Entry<String, ArtifactStore> store : stores.all().entrySet()) {
            removed += removeLeftovers(store.getKey(), store.getValue(), known, cutoff);
        }
        return removed;
    }

    private int removeLeftovers(String storeId, ArtifactStore store, Set<String> known, Instant cutoff) {
        int removed = 0;
        try {
            for (StoredObject object : store.list("")) {
                String key = object.key();
                String owner = key.endsWith(ObjectKeys.MANIFEST_SUFFIX)
                        ? key.substring(0, key.length() - ObjectKeys.MANIFEST_SUFFIX.length()) : key;
                if (!known.contains(owner) && object.modifiedAt().isBefore(cutoff)) {
                    store.delete(key);
                    audit.record(SWEEPER, "retention.leftover-deleted", storeId + ":" + key, null, "succeeded",
                            "no backup in the catalog owns it");
                    removed++;
                }
            }
        } catch (IOException e) {
            LOG.errorf("retention could not list the %s store: %s", storeId, e.getMessage());
        }
        return removed;
    }

    private static List<RetentionPlanner.Candidate> candidates(List<Artifact> stored) {
        return stored.stream().filter(a -> a.verification() != VerificationState.PENDING)
                .map(a -> new RetentionPlanner.Candidate(a.id(), a.createdAt(),
                        a.verification() == VerificationState.VERIFIED, a.pinReason(), a.bytes(),
                        a.suspicious() ? a.suspiciousReason() : null))
                .toList();
    }
}
