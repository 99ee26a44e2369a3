package io.backuphub.retention;

import io.backuphub.artifact.Artifact;
import io.backuphub.artifact.ArtifactCopies;
import io.backuphub.artifact.ArtifactCopy;
import io.backuphub.artifact.ArtifactRepository;
import io.backuphub.artifact.VerificationState;
import io.backuphub.audit.AuditRepository;
import io.backuphub.notify.Event;
import io.backuphub.notify.EventType;
import io.backuphub.notify.Notifications;
import io.backuphub.store.MinimumStorage;
import io.backuphub.store.StoreRegistry;
import io.backuphub.target.Target;
import io.backuphub.target.TargetRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.apache.camel.Variable;
import org.jboss.logging.Logger;

/**
 * Applies retention: plans each store's copies with {@link RetentionPlanner}, deletes object and
 * manifest of each copy the plan lets go, and records every deletion with its reason in the audit
 * log. The sweep-retention route runs {@link #sweep()} on a Quartz cron; the API previews and applies
 * one target at a time.
 */
@ApplicationScoped
@Named("retention")
public class Retention {

    private static final Logger LOG = Logger.getLogger(Retention.class);
    public static final String SWEEPER = "retention-sweeper";
    /** The sweep-retention route's variable: the target of the split's current round. */
    public static final String TARGET = "target";
    /** The header naming who applies retention (the sweeper, or the API's caller). */
    public static final String ACTOR = "actor";

    @Inject RetentionPolicyRepository policies;
    @Inject ArtifactRepository artifacts;
    @Inject ArtifactCopies copies;
    @Inject StoreRegistry stores;
    @Inject TargetRegistry targets;
    @Inject AuditRepository audit;
    @Inject Notifications notifications;
    @Inject RetentionProperties config;
    @Inject BackupDeletion deletion;

    /**
     * The plan for the target under its effective policy; empty when it has none (everything is kept).
     * Each store holding copies is planned on its own, by the policy's tier for that store (else the
     * policy itself). A deletion the store's storage class would bill (deleted before its minimum
     * storage duration) is deferred — kept until free, the charge named — unless the policy allows
     * early deletion, and then shows the charge. Backups whose verification is still pending (just
     * made, or rebuilt from the store by a rescan) are not judged yet: kept, and counted for nothing.
     */
    public Optional<RetentionPlan> preview(Target target) {
        return policies.effective(target).map(effective -> plan(target, effective.policy(), Instant.now()));
    }

    /** The plan a policy not saved yet would make for the target: what a change would keep and delete. */
    public RetentionPlan preview(Target target, RetentionPolicy proposed) {
        return plan(target, proposed, Instant.now());
    }

    private RetentionPlan plan(Target target, RetentionPolicy policy, Instant now) {
        List<Artifact> stored = artifacts.stored(target.id());
        Map<String, List<ArtifactCopy>> copiesOf = copies.of(stored);
        Map<String, List<Artifact>> byStore = new LinkedHashMap<>();
        for (Artifact artifact : stored) {
            copiesOf.getOrDefault(artifact.id(), List.of()).stream().filter(ArtifactCopy::stored)
                    .forEach(c -> byStore.computeIfAbsent(c.store(), s -> new ArrayList<>()).add(artifact));
        }
        List<RetentionPlan.Keep> keep = new ArrayList<>();
        List<RetentionPlan.Delete> delete = new ArrayList<>();
        byStore.forEach((store, held) -> {
            RetentionPlan planned = planByKind(held, policy.forStore(store), now);
            planned.keep().forEach(k -> keep.add(new RetentionPlan.Keep(k.artifactId(), store, k.reasons())));
            held.stream().filter(a -> a.verification() == VerificationState.PENDING)
                    .forEach(a -> keep.add(new RetentionPlan.Keep(a.id(), store, List.of("verification pending"))));
            Optional<MinimumStorage> minimum = minimumStorage(store);
            for (RetentionPlan.Delete d : planned.delete()) {
                ArtifactCopy copy = copiesOf.get(d.artifactId()).stream().filter(c -> c.store().equals(store))
                        .findFirst().orElseThrow();
                RetentionPlan.EarlyDeletion early = minimum.map(m -> early(m, copy, d.bytes(), now)).orElse(null);
                if (early != null && !policy.allowEarlyDeletion()) {
                    keep.add(new RetentionPlan.Keep(d.artifactId(), store, List.of(deferred(d, early, minimum.get(),
                            copy))));
                } else {
                    delete.add(new RetentionPlan.Delete(d.artifactId(), store, d.reason(), d.bytes(), early));
                }
            }
        });
        return new RetentionPlan(keep, delete);
    }

    /**
     * Dumps and PITR base backups are planned apart, each kind under the whole policy: a day's dump
     * never stands in for that day's base, whose WAL chain point-in-time recovery needs.
     */
    private RetentionPlan planByKind(List<Artifact> held, RetentionPolicy policy, Instant now) {
        List<RetentionPlan.Keep> keep = new ArrayList<>();
        List<RetentionPlan.Delete> delete = new ArrayList<>();
        held.stream().collect(Collectors.groupingBy(Artifact::kind, LinkedHashMap::new,
                Collectors.toList())).values().forEach(ofKind -> {
                    RetentionPlan planned = RetentionPlanner.plan(candidates(ofKind), policy, now, config.timezone());
                    keep.addAll(planned.keep());
                    delete.addAll(planned.delete());
                });
        return new RetentionPlan(keep, delete);
    }

    private Optional<MinimumStorage> minimumStorage(String store) {
        try {
            return stores.get(store).minimumStorage();
        } catch (IOException e) {
            return Optional.empty(); // a store no longer declared: its deletions fail with that reason
        }
    }

    /** What deleting the copy now would bill; null when its minimum storage duration has passed. */
    private static RetentionPlan.EarlyDeletion early(MinimumStorage minimum, ArtifactCopy copy, long bytes,
            Instant now) {
        Duration billed = minimum.chargedIfDeleted(copy.updatedAt(), now);
        if (billed.isZero()) {
            return null;
        }
        return new RetentionPlan.EarlyDeletion(minimum.storageClass(), minimum.duration().toDays(),
                Duration.between(copy.updatedAt(), now).toDays(), (billed.toHours() + 23) / 24, bytes);
    }

    private static String deferred(RetentionPlan.Delete d, RetentionPlan.EarlyDeletion early, MinimumStorage minimum,
            ArtifactCopy copy) {
        return "due for deletion (" + d.reason() + ") but kept until " + minimum.freeFrom(copy.updatedAt())
                + ": " + early.storageClass() + " bills " + early.minimumDays() + " days of storage, and deleting it"
                + " now would bill " + early.billedDays() + " more days of " + early.bytes()
                + " bytes (allowEarlyDeletion: true deletes anyway)";
    }

    /** One copy the plan let go, and how its deletion went: done (and whether the artifact went with it), or why not. */
    public record Deletion(RetentionPlan.Delete delete, Artifact artifact, boolean artifactDeleted, String failure) {

        boolean done() {
            return failure == null;
        }
    }

    /**
     * Plans, deletes each copy the plan lets go, audits and announces each deletion: the three steps of
     * the sweep-retention route for one target. Returns the plan with only the deletions that succeeded.
     */
    public Optional<RetentionPlan> apply(Target target, String actor) {
        return preview(target).map(plan -> {
            List<Deletion> deletions = deleteLetGo(target, plan);
            announce(target, actor, deletions);
            return new RetentionPlan(plan.keep(), deletions.stream().filter(Deletion::done).map(Deletion::delete)
                    .toList());
        });
    }

    /** targets-with-a-policy: the targets whose retention policy (their own, or their environment's) applies. */
    public List<Target> targetsWithPolicy() {
        return targets.all().stream().filter(t -> policies.effective(t).isPresent()).toList();
    }

    /** plan-retention: what the target's policy keeps and lets go, now. */
    public RetentionPlan plan(@Body Target target) {
        return preview(target).orElse(new RetentionPlan(List.of(), List.of()));
    }

    /**
     * delete-let-go-copies: deletes each copy the plan lets go; an artifact whose last copy goes is
     * deleted from the catalog (history keeps its row). A backup pinned or being restored since the plan
     * was made stays.
     */
    public List<Deletion> deleteLetGo(@Variable(TARGET) Target target, @Body RetentionPlan plan) {
        Map<String, Artifact> byId = artifacts.stored(target.id()).stream()
                .collect(Collectors.toMap(Artifact::id, Function.identity()));
        List<Deletion> deletions = new ArrayList<>();
        for (RetentionPlan.Delete delete : plan.delete()) {
            Artifact artifact = byId.get(delete.artifactId());
            if (artifact == null) {
                continue; // gone since the plan was made
            }
            Optional<String> refusal = deletion.refusal(artifact); // pinned, or being restored, since the plan
            if (refusal.isPresent()) {
                LOG.infof("retention keeps %s for now: %s", artifact.id(), refusal.get());
                continue;
            }
            try {
                deletions.add(new Deletion(delete, artifact,
                        deletion.deleteCopy(artifact, delete.store(), "retention: " + delete.reason()), null));
            } catch (IOException | RuntimeException e) {
                LOG.errorf("retention could not delete %s from store %s: %s", artifact.objectKey(), delete.store(),
                        e.getMessage());
                deletions.add(new Deletion(delete, artifact, false, delete.store() + ": " + e.getMessage()));
            }
        }
        return deletions;
    }

    /** audit-and-announce-deletions: every deletion audited with its reason (or failure), the done ones announced. */
    public void announce(@Variable(TARGET) Target target, @Header(ACTOR) String actor, @Body List<Deletion> deletions) {
        for (Deletion d : deletions) {
            Artifact artifact = d.artifact();
            if (!d.done()) {
                audit.record(actor, "retention.deleted", "artifact/" + artifact.id(), null, "failed", d.failure());
                continue;
            }
            audit.record(actor, "retention.deleted", "artifact/" + artifact.id(), null, "succeeded",
                    d.delete().reason() + "; " + d.delete().store() + ":" + artifact.objectKey()
                            + (d.artifactDeleted() ? "" : " (its copies in other stores stay)"));
            notifications.publish(Event.of(EventType.RETENTION_DELETED, target.id(), target.environment())
                    .job(artifact.jobId(), null).status("deleted").bytes(d.delete().bytes())
                    .detail(Map.of("artifactId", artifact.id(), "reason", d.delete().reason(), "key",
                            artifact.objectKey(), "store", d.delete().store(), "artifactDeleted", d.artifactDeleted()))
                    .build());
        }
        if (!deletions.isEmpty()) {
            LOG.infof("retention of %s: %d copy(ies) deleted by policy, %d could not be", target.id(),
                    deletions.stream().filter(Deletion::done).count(),
                    deletions.stream().filter(d -> !d.done()).count());
        }
    }

    /** Runs the sweep as the route does, for every target with a policy (tests call it). */
    public void sweep() {
        for (Target target : targetsWithPolicy()) {
            announce(target, SWEEPER, deleteLetGo(target, plan(target)));
        }
    }

    @SuppressWarnings("deprecation")
    void onStart(@Observes StartupEvent event) {
        if (config.leftoverGrace().isPresent()) {
            LOG.warn("hub.retention.leftover-grace is no longer used and is ignored: the hub no longer deletes"
                    + " objects the catalog does not know (docs/operations.md, \"Shared stores\")");
        }
    }

    private static List<RetentionPlanner.Candidate> candidates(List<Artifact> stored) {
        return stored.stream().filter(a -> a.verification() != VerificationState.PENDING)
                .map(a -> new RetentionPlanner.Candidate(a.id(), a.createdAt(),
                        a.verification() == VerificationState.VERIFIED, a.pinReason(), a.bytes(),
                        a.suspicious() ? a.suspiciousReason() : null))
                .toList();
    }
}
