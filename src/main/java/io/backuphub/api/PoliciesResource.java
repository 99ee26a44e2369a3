package io.backuphub.api;

import io.backuphub.auth.Permission;
import io.backuphub.common.HubException;
import io.backuphub.notify.NotificationDefaults;
import io.backuphub.policy.Policy;
import io.backuphub.policy.PolicyPreview;
import io.backuphub.policy.PolicyRegistry;
import io.backuphub.policy.PolicySet;
import io.backuphub.policy.Resolution;
import io.backuphub.policy.Setting;
import io.backuphub.retention.RetentionPolicyRepository;
import io.backuphub.schedule.Schedule;
import io.backuphub.schedule.ScheduleRepository;
import io.backuphub.store.StoreRegistry;
import io.backuphub.target.Target;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Policies (config/policies.yaml) and what they give each target. */
@Path("/api/v1")
public class PoliciesResource {

    @Inject PolicyRegistry policies;
    @Inject RetentionPolicyRepository retention;
    @Inject Caller caller;
    @Inject StoreRegistry stores;
    @Inject ScheduleRepository schedules;

    @Requires(Permission.BACKUP_VIEW)
    @GET
    @Path("policies")
    @Operation(summary = "The policies in use, each with the settings it gives and the targets it selects")
    public Page<Views.PolicyView> list() {
        return Page.all(policies.all().stream().map(this::view).toList());
    }

    @Requires(Permission.BACKUP_VIEW)
    @GET
    @Path("policies/templates")
    @Operation(summary = "The templates the hub ships (read-only): a policy starts from one with template: <id>")
    public Page<Views.PolicyView> templates() {
        return Page
                .all(policies.templates().stream().map(t -> view(t, List.of(), "/api/v1/policies/templates")).toList());
    }

    @Requires(Permission.BACKUP_VIEW)
    @GET
    @Path("policies/{id}")
    @Operation(summary = "One policy, with the targets it selects")
    public Views.PolicyView get(@PathParam("id") String id) {
        return view(policies.find(id).orElseThrow(() -> HubException.notFound("no policy " + id + " in "
                + policies.file())));
    }

    @Requires(Permission.BACKUP_VIEW)
    @POST
    @Path("policies/{id}/preview")
    @Operation(summary = "What a changed (or new) policy would do before anyone saves it: each target whose settings"
            + " (schedules, retention, stores...) would change, before and after, or the conflict it would cause")
    public PolicyPreview preview(@PathParam("id") String id, Policy body) {
        if (body == null) {
            throw HubException
                    .invalid(List.of("the body is the policy as it would be: {selector, schedule, retention, ...}"));
        }
        if (body.id() != null && !body.id().equals(id)) {
            throw HubException.invalid(List.of("id: the body's id " + body.id() + " is not the path's " + id));
        }
        Policy changed = new Policy(id, body.description(), body.template(), body.selector(), body.schedule(),
                body.stores(),
                body.replicateTo(), body.encryption(), body.expectedEvery(), body.compression(),
                body.compressionLevel(),
                body.jobTimeout(), body.drill(), body.notifications(), body.retention());
        PolicyPreview preview = policies.preview(changed);
        List<PolicyPreview.TargetChange> shown = new java.util.ArrayList<>();
        for (PolicyPreview.TargetChange t : preview.targets()) {
            if (!caller.sees(t.targetId())) {
                continue;
            }
            // A target with schedules of its own keeps them whatever its policies say.
            boolean ownSchedules = schedules.list(t.targetId(), null, 1000, null).stream()
                    .anyMatch(s -> s.source() != Schedule.Source.POLICY);
            List<PolicyPreview.Change> changes = t.changes().stream()
                    .filter(c -> !(ownSchedules && c.setting().equals(Setting.SCHEDULE.id())))
                    .map(c -> new PolicyPreview.Change(c.setting(), shown(c.before()), c.beforeSource(),
                            shown(c.after()), c.afterSource()))
                    .toList();
            if (!changes.isEmpty() || t.conflict() != null) {
                shown.add(new PolicyPreview.TargetChange(t.targetId(), changes, t.conflict()));
            }
        }
        return new PolicyPreview(preview.policyId(), shown);
    }

    private static Object shown(Object value) {
        return value instanceof Target.EncryptionSpec e ? recipients(e) : value;
    }

    @Requires(Permission.BACKUP_VIEW)
    @GET
    @Path("targets/{id}/effective-policy")
    @Operation(summary = "Every setting policies can give, as it applies to the target, with where it comes from"
            + " (target, policy:<id>, environment or default)")
    public Views.EffectivePolicyView effective(@PathParam("id") String id) {
        Target target = caller.target(id);
        Resolution resolution = policies.resolution(target.id());
        Map<String, Views.SourcedValue> settings = new LinkedHashMap<>();
        for (Setting setting : Setting.values()) {
            if (setting == Setting.SCHEDULE) {
                settings.put(setting.id(), schedules(target, resolution));
            } else if (setting == Setting.NOTIFICATIONS) {
                // Added to notifications.yaml's rules for this target's events.
                settings.put(setting.id(), new Views.SourcedValue(policies.rules(target.id()).stream()
                        .map(NotificationDefaults.Sourced::rule).toList(),
                        resolution.sources().getOrDefault(setting, PolicySet.DEFAULT)));
            } else if (setting == Setting.RETENTION) {
                // The catalog's say: the target's own (API), a policy's, its environment's, or none (keep all).
                var applies = retention.effective(target);
                settings.put(setting.id(), applies.map(e -> new Views.SourcedValue(e.policy(), e.source()))
                        .orElse(new Views.SourcedValue(null, PolicySet.DEFAULT)));
            } else {
                settings.put(setting.id(), new Views.SourcedValue(value(target, setting),
                        resolution.sources().getOrDefault(setting, PolicySet.TARGET)));
            }
        }
        return new Views.EffectivePolicyView(target.id(), resolution.policies(), settings,
                Map.of("self", "/api/v1/targets/" + target.id() + "/effective-policy",
                        "target", "/api/v1/targets/" + target.id()));
    }

    /**
     * The target's schedules if it has any of its own (schedules.yaml, the API), else those its policy
     * gives it (as the catalog holds them, with their ids), else none.
     */
    private Views.SourcedValue schedules(Target target, Resolution resolution) {
        List<Schedule> all = schedules.list(target.id(), null, 1000, null);
        List<Schedule> own = all.stream().filter(s -> s.source() != Schedule.Source.POLICY).toList();
        List<Schedule> shown = own.isEmpty() ? all : own;
        List<Map<String, String>> value = shown.stream().map(s -> Map.of("id", s.id(), "cron", s.cron().input(),
                "timezone", s.timezone().getId())).toList();
        String source = !own.isEmpty() ? PolicySet.TARGET
                : resolution.sources().getOrDefault(Setting.SCHEDULE, PolicySet.DEFAULT);
        return new Views.SourcedValue(value, source);
    }

    private Views.PolicyView view(Policy p) {
        // Targets in use are read: their engine is the engine's own name, as a selector's is.
        List<String> targets = caller.targets().stream().filter(t -> p.selector().selects(t)).map(Target::id)
                .sorted().toList();
        return view(p, targets, "/api/v1/policies/" + p.id());
    }

    private Views.PolicyView view(Policy p, List<String> targets, String self) {
        Map<String, Object> settings = new LinkedHashMap<>();
        for (Setting setting : Setting.values()) {
            Object value = p.value(setting);
            if (value != null) {
                settings.put(setting.id(), shown(value));
            }
        }
        return new Views.PolicyView(p.id(), p.description(), p.template(), p.selector(), settings, targets,
                Map.of("self", self));
    }

    /** Encryption as the API shows it: the recipients, not where the identity to decrypt is kept. */
    private static Map<String, Object> recipients(Target.EncryptionSpec e) {
        return Map.of("ageRecipients", e.ageRecipients());
    }

    /** The target's value of a setting as it applies: no stores named means the hub's default ones. */
    private Object value(Target t, Setting setting) {
        return switch (setting) {
            case STORES -> stores.idsFor(t.stores());
            case REPLICATE_TO -> t.replicateTo();
            case ENCRYPTION -> t.encryption() == null ? null : recipients(t.encryption());
            case EXPECTED_EVERY -> t.expectedEvery();
            case COMPRESSION -> t.compression().id();
            case COMPRESSION_LEVEL -> t.compressionLevel();
            case JOB_TIMEOUT -> t.jobTimeout();
            case DRILL -> t.drill();
            case RETENTION, SCHEDULE -> null; // from the catalog, above
            case NOTIFICATIONS -> null; // from the policies, below
        };
    }
}
