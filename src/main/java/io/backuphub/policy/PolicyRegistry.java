package io.backuphub.policy;

import io.backuphub.notify.NotificationConfig;
import io.backuphub.notify.NotificationDefaults;
import io.backuphub.notify.Notifications;
import io.backuphub.retention.RetentionDefaults;
import io.backuphub.retention.RetentionPolicy;
import io.backuphub.schedule.ScheduleDefaults;
import io.backuphub.schedule.ScheduleValidator;
import io.backuphub.store.StoreRegistry;
import io.backuphub.target.EngineCheck;
import io.backuphub.target.Target;
import io.backuphub.target.TargetDefaults;
import io.quarkus.arc.All;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The policies in use and what they gave each target. Read by the target registry with the targets
 * file (so both load, or neither), and asked by retention for the policy a target takes.
 */
@ApplicationScoped
public class PolicyRegistry implements TargetDefaults, RetentionDefaults, ScheduleDefaults, NotificationDefaults {

    private static final Logger LOG = Logger.getLogger(PolicyRegistry.class);

    /** The policies in use and, per target id, how its settings were decided. */
    private record InUse(PolicySet policies, Map<String, PolicySet.Resolved> targets) {
    }

    private final Path file;
    private final PoliciesFile parser;
    private final UnaryOperator<String> canonicalEngine;
    private volatile InUse inUse = new InUse(PolicySet.empty(), Map.of());

    public PolicyRegistry(PoliciesProperties config, @All List<EngineCheck> engines, StoreRegistry stores,
            ScheduleValidator schedules, Notifications notifications) {
        this.file = config.file();
        this.parser = new PoliciesFile(engines.stream().map(EngineCheck::name).collect(Collectors.toSet()),
                stores.all().keySet(),
                (timing, problems) -> schedules.timing(timing.cron(), timing.timezone(), Instant.now(), problems),
                () -> notifications.config().channels().stream().map(NotificationConfig.Channel::id)
                        .collect(Collectors.toSet()));
        Map<String, String> names = new HashMap<>();
        engines.forEach(e -> {
            names.put(e.name(), e.name());
            e.aliases().forEach(alias -> names.put(alias, e.name()));
        });
        this.canonicalEngine = name -> names.getOrDefault(name, name);
    }

    @Override
    public Candidate read() {
        PolicySet policies = new PolicySet(parser.load(file), canonicalEngine);
        Map<String, PolicySet.Resolved> resolved = new HashMap<>();
        return new Candidate() {

            @Override
            public Target apply(Target declared) {
                PolicySet.Resolved r = policies.apply(declared);
                if (declared.id() != null) {
                    resolved.put(declared.id(), r);
                }
                return r.target();
            }

            @Override
            public void use() {
                inUse = new InUse(policies, Map.copyOf(resolved));
                LOG.infof("policies file %s: %d polic%s", file, policies.all().size(),
                        policies.all().size() == 1 ? "y" : "ies");
            }
        };
    }

    public Path file() {
        return file;
    }

    /** The shipped templates a policy can start from (read-only). */
    public List<Policy> templates() {
        return List.copyOf(parser.templates());
    }

    public List<Policy> all() {
        return inUse.policies().all();
    }

    public Optional<Policy> find(String id) {
        return inUse.policies().find(id);
    }

    /**
     * What {@code changed} would do to the targets in use, in place of the policy of its id (or added):
     * it is validated as the policies file would be (throws {@link io.backuphub.common.InvalidConfigException}).
     */
    public PolicyPreview preview(Policy changed) {
        InUse current = inUse;
        List<Policy> candidates = new java.util.ArrayList<>(current.policies().all());
        candidates.removeIf(p -> p.id().equals(changed.id()));
        candidates.add(changed);
        // Validated as the file would be, which also fills in what a template the policy names gives.
        PolicySet next = new PolicySet(parser.validate(candidates, "the previewed policy"), canonicalEngine);
        List<PolicyPreview.TargetChange> targets = new java.util.ArrayList<>();
        current.targets().values().stream().sorted(java.util.Comparator.comparing(r -> r.declared().id()))
                .forEach(before -> {
                    String id = before.declared().id();
                    try {
                        PolicySet.Resolved after = next.apply(before.declared());
                        List<PolicyPreview.Change> changes = new java.util.ArrayList<>();
                        for (Setting setting : Setting.values()) {
                            String was = before.resolution().sources().get(setting);
                            String will = after.resolution().sources().get(setting);
                            if (!java.util.Objects.equals(before.value(setting), after.value(setting))
                                    || !java.util.Objects.equals(was, will)) {
                                changes.add(new PolicyPreview.Change(setting.id(), before.value(setting), was,
                                        after.value(setting), will));
                            }
                        }
                        if (!changes.isEmpty()) {
                            targets.add(new PolicyPreview.TargetChange(id, changes, null));
                        }
                    } catch (IllegalArgumentException e) {
                        targets.add(new PolicyPreview.TargetChange(id, List.of(), e.getMessage()));
                    }
                });
        return new PolicyPreview(changed.id(), targets);
    }

    /** How the target's settings were decided when the targets were last read. */
    public Resolution resolution(String targetId) {
        PolicySet.Resolved r = inUse.targets().get(targetId);
        return r == null ? Resolution.NONE : r.resolution();
    }

    @Override
    public Map<String, List<Timing>> schedules() {
        Map<String, List<Timing>> given = new HashMap<>();
        inUse.targets().forEach((id, r) -> {
            if (!r.schedule().isEmpty()) {
                given.put(id, r.schedule());
            }
        });
        return given;
    }

    @Override
    public List<NotificationDefaults.Sourced> rules(String targetId) {
        PolicySet.Resolved r = inUse.targets().get(targetId);
        if (r == null || r.notifications().isEmpty()) {
            return List.of();
        }
        String policy = r.resolution().sources().get(Setting.NOTIFICATIONS).substring("policy:".length());
        List<NotificationDefaults.Sourced> rules = new java.util.ArrayList<>();
        for (int i = 0; i < r.notifications().size(); i++) {
            rules.add(new NotificationDefaults.Sourced("policy-" + policy + "-" + i, r.notifications().get(i)));
        }
        return rules;
    }

    @Override
    public Optional<RetentionDefaults.Sourced> retention(Target target) {
        PolicySet.Resolved r = inUse.targets().get(target.id());
        RetentionPolicy policy = r == null ? null : r.retention();
        return policy == null ? Optional.empty()
                : Optional.of(new RetentionDefaults.Sourced(policy, r.resolution().sources().get(Setting.RETENTION)));
    }
}
