package io.backuphub.api;

import io.backuphub.artifact.Artifact;
import io.backuphub.artifact.ArtifactCopies;
import io.backuphub.artifact.ArtifactRepository;
import io.backuphub.auth.Permission;
import io.backuphub.common.HubException;
import io.backuphub.common.Problems;
import io.backuphub.common.SafeValues;
import io.backuphub.retention.Retention;
import io.backuphub.retention.RetentionPlan;
import io.backuphub.retention.RetentionPolicy;
import io.backuphub.retention.RetentionPolicyRepository;
import io.backuphub.retention.RetentionProperties;
import io.backuphub.store.StoreRegistry;
import io.backuphub.target.Target;
import io.backuphub.target.TargetRegistry;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Retention policies (per target, per environment), previews and runs, and pins on artifacts. */
@Path("/api/v1")
public class RetentionResource {

    /** Body of POST /api/v1/artifacts/{id}/pin. */
    public record PinRequest(String reason) {
    }

    @Inject ArtifactCopies copies;
    @Inject RetentionPolicyRepository policies;
    @Inject Retention retention;
    @Inject TargetRegistry targets;
    @Inject ArtifactRepository artifacts;
    @Inject Caller caller;
    @Inject RetentionProperties config;
    @Inject StoreRegistry stores;

    @Requires(Permission.BACKUP_VIEW)
    @GET
    @Path("targets/{id}/retention")
    @Operation(summary = "The target's retention policy, and the one in effect (its own, a policy's or its environment's)")
    public Views.TargetRetention getTarget(@PathParam("id") String id) {
        Target target = target(id);
        var effective = policies.effective(target);
        return new Views.TargetRetention(target.id(),
                policies.get(RetentionPolicyRepository.Scope.TARGET, target.id()).orElse(null),
                effective.map(RetentionPolicyRepository.Effective::policy).orElse(null),
                effective.map(RetentionPolicyRepository.Effective::source).orElse("none: every backup is kept"),
                config.timezone().getId());
    }

    @Requires(Permission.RETENTION_MODIFY)
    @PUT
    @Path("targets/{id}/retention")
    @Operation(summary = "Set the target's policy: {keepLast, daily, weekly, monthly, yearly, maxAgeDays, keepMinimum}")
    public Views.TargetRetention putTarget(@PathParam("id") String id, RetentionPolicy body) {
        Target target = target(id);
        RetentionPolicy policy = valid(body);
        policies.put(RetentionPolicyRepository.Scope.TARGET, target.id(), policy, caller.name());
        caller.audit("retention.policy", "target/" + target.id(), "succeeded", policy.describe());
        return getTarget(id);
    }

    @Requires(Permission.BACKUP_VIEW)
    @POST
    @Path("targets/{id}/retention/preview")
    @Operation(summary = "Dry run: what the policy keeps (with reasons) and deletes (with the reason); with a"
            + " policy in the body, what that policy would do instead (nothing is saved)")
    public Views.PlanView preview(@PathParam("id") String id, RetentionPolicy proposed) {
        Target target = target(id);
        if (proposed != null) {
            return Views.PlanView.of(retention.preview(target, valid(proposed)));
        }
        return Views.PlanView.of(retention.preview(target).orElseThrow(() -> noPolicy(target)));
    }

    @Requires(Permission.RETENTION_MODIFY)
    @POST
    @Path("targets/{id}/retention/apply")
    @Operation(summary = "Apply the policy now")
    public Views.PlanView apply(@PathParam("id") String id) {
        Target target = target(id);
        RetentionPlan done = retention.apply(target, caller.name()).orElseThrow(() -> noPolicy(target));
        caller.audit("retention.apply", "target/" + target.id(), "succeeded",
                done.delete().size() + " deleted, " + done.bytesFreed() + " bytes freed");
        return Views.PlanView.of(done);
    }

    @Requires(Permission.BACKUP_VIEW)
    @GET
    @Path("environments/{env}/retention")
    @Operation(summary = "The default retention policy of an environment's targets")
    public Views.EnvironmentRetention getEnvironment(@PathParam("env") String env) {
        environment(env, false);
        return new Views.EnvironmentRetention(env,
                policies.get(RetentionPolicyRepository.Scope.ENVIRONMENT, env).orElse(null));
    }

    @Requires(Permission.RETENTION_MODIFY)
    @PUT
    @Path("environments/{env}/retention")
    @Operation(summary = "Set the default retention policy of an environment's targets")
    public Views.EnvironmentRetention putEnvironment(@PathParam("env") String env, RetentionPolicy body) {
        environment(env, true);
        RetentionPolicy policy = valid(body);
        policies.put(RetentionPolicyRepository.Scope.ENVIRONMENT, env, policy, caller.name());
        caller.audit("retention.policy", "environment/" + env, "succeeded", policy.describe());
        return getEnvironment(env);
    }

    @Requires(Permission.BACKUP_PIN)
    @POST
    @Path("artifacts/{id}/pin")
    @Operation(summary = "Pin with a reason (legal hold, pre-migration): never deleted by retention or DELETE")
    public Views.ArtifactView pin(@PathParam("id") String id, PinRequest body) {
        Artifact artifact = artifact(id);
        String reason = body == null ? null : body.reason();
        if (reason == null || reason.isBlank() || reason.length() > 500) {
            throw HubException.invalid(List.of("reason: is required (1-500 characters), e.g. \"legal hold\""));
        }
        hold(artifact, true);
        artifacts.pin(artifact.id(), reason.strip(), caller.name(), Instant.now());
        caller.audit("artifact.pin", "artifact/" + artifact.id(), "succeeded", reason);
        Artifact now = artifact(id);
        return Views.ArtifactView.of(now, copies.of(now));
    }

    @Requires(Permission.BACKUP_PIN)
    @DELETE
    @Path("artifacts/{id}/pin")
    @Operation(summary = "Remove a pin")
    public Views.ArtifactView unpin(@PathParam("id") String id) {
        Artifact artifact = artifact(id);
        hold(artifact, false);
        artifacts.unpin(artifact.id());
        caller.audit("artifact.unpin", "artifact/" + artifact.id(), "succeeded", artifact.pinReason());
        Artifact now = artifact(id);
        return Views.ArtifactView.of(now, copies.of(now));
    }

    /** Holds (GCS temporary holds) follow the pin, so nothing deletes a pinned backup behind the hub's back. */
    private void hold(Artifact artifact, boolean held) {
        try {
            copies.hold(artifact, held);
        } catch (IOException e) {
            throw new HubException(HubException.Kind.UNAVAILABLE, "store-unavailable", "cannot "
                    + (held ? "put a hold on" : "release the hold on") + " the copies of artifact " + artifact.id()
                    + ", so its pin is unchanged: " + e.getMessage(), List.of(), null);
        }
    }

    private RetentionPolicy valid(RetentionPolicy policy) {
        RetentionPolicy given = policy == null ? new RetentionPolicy(0, 0, 0, 0, 0, null, 0) : policy;
        Problems problems = new Problems();
        given.validate(problems, stores.all().keySet());
        problems.throwIfAny();
        return given;
    }

    private static HubException noPolicy(Target target) {
        return HubException.conflict("target " + target.id() + " has no retention policy (nor does environment "
                + target.environment() + "): every backup is kept");
    }

    private Target target(String id) {
        return caller.target(id);
    }

    private Artifact artifact(String id) {
        return caller.artifact(id);
    }

    /**
     * The environment {@code env}, if the caller sees it (404 otherwise); to change its policy, which
     * reaches every target in it, the caller's scope must not be narrowed to some targets (403).
     */
    private String environment(String env, boolean changing) {
        SafeValues.require(SafeValues.SLUG, env, "environment");
        if (!caller.seesEnvironment(env)) {
            throw HubException.notFound("no environment " + env);
        }
        if (changing && !caller.principal().grant().scope().targets().isEmpty()) {
            throw new HubException(HubException.Kind.FORBIDDEN, "forbidden", "an environment's policy reaches every"
                    + " target in it, and " + caller.name() + " reaches only " + caller.principal().grant().scope());
        }
        return env;
    }
}
