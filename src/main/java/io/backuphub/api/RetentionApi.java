package io.backuphub.api;

import io.backuphub.HubConfig;
import io.backuphub.artifact.Artifact;
import io.backuphub.artifact.ArtifactCatalog;
import io.backuphub.audit.AuditLog;
import io.backuphub.retention.Retention;
import io.backuphub.retention.RetentionPlan;
import io.backuphub.retention.RetentionPolicies;
import io.backuphub.retention.RetentionPolicy;
import io.backuphub.target.Problems;
import io.backuphub.target.SafeValues;
import io.backuphub.target.Target;
import io.backuphub.target.TargetRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;

/** Retention policies (per target, per environment), previews and runs, and pins on artifacts. */
@ApplicationScoped
@Named("retentionApi")
public class RetentionApi {

    /** Body of POST /api/v1/artifacts/{id}/pin. */
    public record PinRequest(String reason) {
    }

    private final RetentionPolicies policies;
    private final Retention retention;
    private final TargetRegistry targets;
    private final ArtifactCatalog artifacts;
    private final AuditLog audit;
    private final HubConfig config;

    public RetentionApi(RetentionPolicies policies, Retention retention, TargetRegistry targets, ArtifactCatalog artifacts,
                        AuditLog audit, HubConfig config) {
        this.policies = policies;
        this.retention = retention;
        this.targets = targets;
        this.artifacts = artifacts;
        this.audit = audit;
        this.config = config;
    }

    public void getTarget(Exchange exchange) {
        Target target = target(exchange);
        ApiSupport.respond(exchange, 200, policyView(target));
    }

    public void putTarget(Exchange exchange) {
        Target target = target(exchange);
        RetentionPolicy policy = policyBody(exchange);
        policies.put(RetentionPolicies.Scope.TARGET, target.id(), policy, ApiSupport.caller(exchange));
        audit.record(ApiSupport.caller(exchange), "retention.policy", "target/" + target.id(), ApiSupport.source(exchange),
                "succeeded", policy.toString());
        ApiSupport.respond(exchange, 200, policyView(target));
    }

    public void getEnvironment(Exchange exchange) {
        String environment = environment(exchange);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("environment", environment);
        view.put("policy", policies.get(RetentionPolicies.Scope.ENVIRONMENT, environment).orElse(null));
        ApiSupport.respond(exchange, 200, view);
    }

    public void putEnvironment(Exchange exchange) {
        String environment = environment(exchange);
        RetentionPolicy policy = policyBody(exchange);
        policies.put(RetentionPolicies.Scope.ENVIRONMENT, environment, policy, ApiSupport.caller(exchange));
        audit.record(ApiSupport.caller(exchange), "retention.policy", "environment/" + environment,
                ApiSupport.source(exchange), "succeeded", policy.toString());
        getEnvironment(exchange);
    }

    public void preview(Exchange exchange) {
        Target target = target(exchange);
        ApiSupport.respond(exchange, 200, planView(retention.preview(target).orElseThrow(() -> noPolicy(target))));
    }

    public void apply(Exchange exchange) {
        Target target = target(exchange);
        String caller = ApiSupport.caller(exchange);
        RetentionPlan done = retention.apply(target, caller).orElseThrow(() -> noPolicy(target));
        audit.record(caller, "retention.apply", "target/" + target.id(), ApiSupport.source(exchange), "succeeded",
                done.delete().size() + " deleted, " + done.bytesFreed() + " bytes freed");
        ApiSupport.respond(exchange, 200, planView(done));
    }

    public void pin(Exchange exchange) {
        Artifact artifact = artifact(exchange);
        PinRequest request = ApiSupport.body(exchange, PinRequest.class, config.api().maxBodyBytes(), "{}");
        if (request.reason() == null || request.reason().isBlank() || request.reason().length() > 500) {
            throw ApiException.badRequest("reason: is required (1-500 characters), e.g. \"legal hold\"",
                    List.of("reason: is required (1-500 characters)"));
        }
        String caller = ApiSupport.caller(exchange);
        artifacts.pin(artifact.id(), request.reason().strip(), caller, Instant.now());
        audit.record(caller, "artifact.pin", "artifact/" + artifact.id(), ApiSupport.source(exchange), "succeeded",
                request.reason());
        ApiSupport.respond(exchange, 200, Views.ArtifactView.of(artifacts.find(artifact.id()).orElseThrow()));
    }

    public void unpin(Exchange exchange) {
        Artifact artifact = artifact(exchange);
        String caller = ApiSupport.caller(exchange);
        artifacts.unpin(artifact.id());
        audit.record(caller, "artifact.unpin", "artifact/" + artifact.id(), ApiSupport.source(exchange), "succeeded",
                artifact.pinReason());
        ApiSupport.respond(exchange, 200, Views.ArtifactView.of(artifacts.find(artifact.id()).orElseThrow()));
    }

    private Map<String, Object> policyView(Target target) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("targetId", target.id());
        view.put("policy", policies.get(RetentionPolicies.Scope.TARGET, target.id()).orElse(null));
        var effective = policies.effective(target);
        view.put("effective", effective.map(RetentionPolicies.Effective::policy).orElse(null));
        view.put("effectiveFrom", effective.map(e -> e.from().id()).orElse("none: every backup is kept"));
        view.put("timezone", config.retention().timezone().getId());
        return view;
    }

    private static Map<String, Object> planView(RetentionPlan plan) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("keep", plan.keep().stream().map(k -> Map.of("artifactId", k.artifactId(), "reasons", k.reasons())).toList());
        view.put("delete", plan.delete().stream().map(d -> Map.of("artifactId", d.artifactId(), "reason", d.reason())).toList());
        view.put("bytesFreed", plan.bytesFreed());
        return view;
    }

    private RetentionPolicy policyBody(Exchange exchange) {
        RetentionPolicy policy = ApiSupport.body(exchange, RetentionPolicy.class, config.api().maxBodyBytes(), "{}");
        Problems problems = new Problems();
        policy.validate(problems);
        if (!problems.isEmpty()) {
            throw ApiException.badRequest(String.join("; ", problems.messages()), problems.messages());
        }
        return policy;
    }

    private static ApiException noPolicy(Target target) {
        return ApiException.conflict("target " + target.id() + " has no retention policy (nor does environment "
                + target.environment() + "): every backup is kept");
    }

    private Target target(Exchange exchange) {
        String id = ApiSupport.pathParam(exchange, "id", SafeValues.SLUG, "target id");
        return targets.find(id).orElseThrow(() -> ApiException.notFound("no target " + id + " is declared"));
    }

    private static String environment(Exchange exchange) {
        return ApiSupport.pathParam(exchange, "env", SafeValues.SLUG, "environment");
    }

    private Artifact artifact(Exchange exchange) {
        String id = ApiSupport.idParam(exchange, "artifact");
        return artifacts.find(id).orElseThrow(() -> ApiException.notFound("no artifact " + id));
    }
}
