package io.backuphub.policy;

import io.backuphub.notify.NotificationConfig;
import io.backuphub.retention.RetentionPolicy;
import io.backuphub.schedule.ScheduleDefaults;
import io.backuphub.target.Compression;
import io.backuphub.target.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The policies of one reading of the policies file, and what they give a target: for each setting
 * the target leaves unset, the value of the most specific policy that selects it and sets it. Two
 * equally specific policies that both set it are a conflict, reported with both names.
 */
public final class PolicySet {

    /** Where a setting came from, besides {@code policy:<id>}: the target itself, or the hub's default. */
    public static final String TARGET = "target";
    public static final String DEFAULT = "default";

    private final Map<String, Policy> policies;
    private final UnaryOperator<String> canonicalEngine;

    /** {@code canonicalEngine}: an engine's name as a target may write it (an alias) to the engine's own. */
    PolicySet(List<Policy> policies, UnaryOperator<String> canonicalEngine) {
        this.policies = new LinkedHashMap<>();
        policies.forEach(p -> this.policies.put(p.id(), p));
        this.canonicalEngine = canonicalEngine;
    }

    static PolicySet empty() {
        return new PolicySet(List.of(), UnaryOperator.identity());
    }

    public List<Policy> all() {
        return List.copyOf(policies.values());
    }

    public Optional<Policy> find(String id) {
        return Optional.ofNullable(policies.get(id));
    }

    /** The policies that select {@code target}, most specific first. */
    public List<Policy> selecting(Target target) {
        Target matched = canonical(target);
        return policies.values().stream().filter(p -> p.selector().selects(matched))
                .sorted(Comparator.comparingInt((Policy p) -> p.selector().specificity()).reversed()).toList();
    }

    /** The policy whose value of {@code setting} applies to {@code target} when it does not set it itself. */
    Optional<Policy> giving(Setting setting, Target target) {
        List<Policy> candidates = selecting(target).stream().filter(p -> p.value(setting) != null).toList();
        if (candidates.isEmpty()) {
            return Optional.empty();
        }
        Policy first = candidates.get(0);
        if (candidates.size() > 1 && candidates.get(1).selector().specificity() == first.selector().specificity()) {
            Policy second = candidates.get(1);
            throw new IllegalArgumentException("policies " + first.id() + " and " + second.id() + " both set "
                    + setting.id() + " and select this target equally specifically (" + first.selector().specificity()
                    + " criteria each): make one of them more specific, or set " + setting.id() + " on the target");
        }
        return Optional.of(first);
    }

    /** {@code declared} with every setting it leaves unset taken from its policies, and where each came from. */
    Resolved apply(Target declared) {
        Map<Setting, String> sources = new EnumMap<>(Setting.class);
        Map<Setting, Object> values = new EnumMap<>(Setting.class);
        List<String> conflicts = new ArrayList<>();
        for (Setting setting : Setting.values()) {
            if (own(declared, setting) != null) {
                sources.put(setting, TARGET);
                continue;
            }
            if (setting == Setting.COMPRESSION_LEVEL && declared.compression() != null) {
                sources.put(setting, DEFAULT); // a level belongs to its codec: it comes with compression
                continue;
            }
            try {
                giving(setting, declared).ifPresentOrElse(p -> {
                    values.put(setting, p.value(setting));
                    sources.put(setting, "policy:" + p.id());
                }, () -> sources.put(setting, DEFAULT));
            } catch (IllegalArgumentException e) {
                conflicts.add(e.getMessage());
            }
        }
        if (!conflicts.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", conflicts));
        }
        Resolution resolution = new Resolution(selecting(declared).stream().map(Policy::id).toList(), sources);
        RetentionPolicy retention = (RetentionPolicy) values.get(Setting.RETENTION);
        @SuppressWarnings("unchecked")
        List<ScheduleDefaults.Timing> schedule = (List<ScheduleDefaults.Timing>) values.getOrDefault(Setting.SCHEDULE,
                List.of());
        @SuppressWarnings("unchecked")
        List<NotificationConfig.Rule> notifications = (List<NotificationConfig.Rule>) values
                .getOrDefault(Setting.NOTIFICATIONS, List.of());
        return new Resolved(declared, with(declared, values), resolution, retention, schedule, notifications);
    }

    /**
     * A target read with its policies: as declared, as it applies, how it was decided, and the retention
     * and schedules they give it.
     */
    record Resolved(Target declared, Target target, Resolution resolution, RetentionPolicy retention,
            List<ScheduleDefaults.Timing> schedule, List<NotificationConfig.Rule> notifications) {

        /** The value of a setting as it applies (what policies give, or the target's own; null when neither). */
        Object value(Setting setting) {
            return switch (setting) {
                case RETENTION -> retention;
                case SCHEDULE -> schedule.isEmpty() ? null : schedule;
                case NOTIFICATIONS -> notifications.isEmpty() ? null : notifications;
                default -> own(target, setting);
            };
        }
    }

    /** The target's own value of a setting the targets file can carry, or null. */
    static Object own(Target t, Setting setting) {
        return switch (setting) {
            case STORES -> t.stores().isEmpty() ? null : t.stores();
            case REPLICATE_TO -> t.replicateTo().isEmpty() ? null : t.replicateTo();
            case ENCRYPTION -> t.encryption();
            case EXPECTED_EVERY -> t.expectedEvery();
            case COMPRESSION -> t.compression();
            case COMPRESSION_LEVEL -> t.compressionLevel();
            case JOB_TIMEOUT -> t.jobTimeout();
            case DRILL -> t.drill();
            // In the catalog (the retention and schedule APIs say the target's own), or added to notifications.yaml's rules.
            case RETENTION, SCHEDULE, NOTIFICATIONS -> null; // in the catalog: the retention and schedule APIs say the target's own
        };
    }

    @SuppressWarnings("unchecked")
    private static Target with(Target t, Map<Setting, Object> v) {
        if (v.isEmpty()) {
            return t;
        }
        return new Target(t.id(), t.engine(), t.environment(), t.transport(), t.database(),
                (Duration) v.getOrDefault(Setting.EXPECTED_EVERY, t.expectedEvery()),
                (Compression) v.getOrDefault(Setting.COMPRESSION, t.compression()),
                (Integer) v.getOrDefault(Setting.COMPRESSION_LEVEL, t.compressionLevel()),
                (Target.EncryptionSpec) v.getOrDefault(Setting.ENCRYPTION, t.encryption()), t.backupOnStart(),
                (Duration) v.getOrDefault(Setting.JOB_TIMEOUT, t.jobTimeout()), t.restore(),
                (Target.DrillSpec) v.getOrDefault(Setting.DRILL, t.drill()), t.pitr(),
                (List<String>) v.getOrDefault(Setting.STORES, t.stores()),
                (List<String>) v.getOrDefault(Setting.REPLICATE_TO, t.replicateTo()), t.labels(), t.settings());
    }

    private Target canonical(Target t) {
        String engine = t.engine() == null ? null : canonicalEngine.apply(t.engine());
        return engine == null || engine.equals(t.engine()) ? t
                : new Target(t.id(), engine, t.environment(), t.transport(), t.database(), t.expectedEvery(),
                        t.compression(), t.compressionLevel(), t.encryption(), t.backupOnStart(), t.jobTimeout(),
                        t.restore(), t.drill(), t.pitr(), t.stores(), t.replicateTo(), t.labels(), t.settings());
    }
}
