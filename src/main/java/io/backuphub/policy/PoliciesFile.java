package io.backuphub.policy;

import io.backuphub.common.ConfigFiles;
import io.backuphub.common.InvalidConfigException;
import io.backuphub.common.Problems;
import io.backuphub.common.SafeValues;
import io.backuphub.notify.NotificationConfig;
import io.backuphub.notify.NotificationsFile;
import io.backuphub.schedule.ScheduleDefaults;
import io.backuphub.target.Compression;
import io.backuphub.target.TargetsFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Reads policies.yaml strictly (an unknown field is an error with its line) and validates every
 * policy, reporting all problems at once. A value is checked here as it would be on a target, so a
 * mistake is reported where it was written.
 */
final class PoliciesFile {

    /** The file's shape: {@code policies: [...]}. */
    record Document(List<Policy> policies) {
    }

    static final String PROBLEM = "invalid-policies-file";
    /** The shipped templates, on the class path: read-only, selecting nothing until a policy names one. */
    static final String TEMPLATES = "policy-templates.yaml";

    /** Checks a schedule's cron and zone as a schedule of the API would be. */
    interface TimingCheck {

        void check(ScheduleDefaults.Timing timing, Problems problems);
    }

    private final Set<String> engines;
    private final Set<String> stores;
    private final TimingCheck timings;
    private final Supplier<Set<String>> channels;
    private final Map<String, Policy> templates = new LinkedHashMap<>();

    /**
     * {@code engines}: the engines' own names; {@code stores}: the ids of the stores a policy may name;
     * {@code channels}: the notification channels declared now.
     */
    PoliciesFile(Set<String> engines, Set<String> stores, TimingCheck timings, Supplier<Set<String>> channels) {
        this.engines = Set.copyOf(engines);
        this.stores = Set.copyOf(stores);
        this.timings = timings;
        this.channels = channels;
        validate(shipped(), TEMPLATES).forEach(t -> templates.put(t.id(), t));
    }

    private static List<Policy> shipped() {
        try (InputStream in = PoliciesFile.class.getClassLoader().getResourceAsStream(TEMPLATES)) {
            if (in == null) {
                throw new IllegalStateException(TEMPLATES + " is missing from the hub's class path");
            }
            Document d = ConfigFiles.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), TEMPLATES,
                    Document.class, PROBLEM).orElseThrow();
            return d.policies();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The shipped templates, by id. */
    Collection<Policy> templates() {
        return templates.values();
    }

    List<Policy> load(Path file) {
        Document document = ConfigFiles.read(file, Document.class, PROBLEM).orElse(null);
        return validate(document == null || document.policies() == null ? List.of() : document.policies(),
                file.toString());
    }

    List<Policy> parse(String yaml, String source) {
        Document document = ConfigFiles.parse(yaml, source, Document.class, PROBLEM).orElse(null);
        return validate(document == null || document.policies() == null ? List.of() : document.policies(), source);
    }

    /**
     * Every policy checked, each with what its template gives; throws {@link InvalidConfigException}
     * listing every problem, said of {@code source}.
     */
    List<Policy> validate(List<Policy> policies, String source) {
        Problems problems = new Problems();
        Set<String> ids = new HashSet<>();
        List<Policy> valid = new ArrayList<>();
        for (int i = 0; i < policies.size(); i++) {
            Policy p = policies.get(i);
            Problems at = problems.at("policies[" + i + "]");
            if (p == null) {
                at.add("is empty");
                continue;
            }
            if (SafeValues.check(at, "id", SafeValues.SLUG, p.id())) {
                if (!ids.add(p.id())) {
                    at.add("id", "duplicate id " + SafeValues.show(p.id()));
                } else if (templates.containsKey(p.id())) {
                    at.add("id", p.id() + " is a shipped template's: name the policy otherwise and start it from"
                            + " the template with template: " + p.id());
                }
            }
            if (p.template() != null) {
                Policy template = templates.get(p.template());
                if (template == null) {
                    at.add("template", "no shipped template " + SafeValues.show(p.template()) + " (one of "
                            + templates.keySet() + ")");
                } else {
                    p = p.over(template);
                }
            }
            validate(p, at);
            valid.add(p);
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(PROBLEM, source, problems.messages());
        }
        return List.copyOf(valid);
    }

    private void validate(Policy p, Problems problems) {
        Selector selector = p.selector();
        Problems at = problems.at("selector");
        if (selector.environment() != null) {
            SafeValues.check(at, "environment", SafeValues.SLUG, selector.environment());
        }
        if (selector.engine() != null && !engines.contains(selector.engine())) {
            at.add("engine", "unknown engine " + SafeValues.show(selector.engine()) + " (one of "
                    + new TreeSet<>(engines) + ")");
        }
        TargetsFile.validateLabels(selector.labels(), at.at("labels"));
        if (Setting.values().length == java.util.Arrays.stream(Setting.values()).filter(s -> p.value(s) == null)
                .count()) {
            problems.add("sets nothing: give at least one of " + java.util.Arrays.stream(Setting.values())
                    .map(Setting::id).toList());
        }
        if (p.schedule() != null) {
            for (int i = 0; i < p.schedule().size(); i++) {
                ScheduleDefaults.Timing timing = p.schedule().get(i);
                if (timing == null) {
                    problems.at("schedule[" + i + "]").add("is empty: give it a cron");
                } else {
                    timings.check(timing, problems.at("schedule[" + i + "]"));
                }
            }
        }
        if (p.notifications() != null) {
            Set<String> declared = channels.get();
            for (int i = 0; i < p.notifications().size(); i++) {
                NotificationConfig.Rule rule = p.notifications().get(i);
                Problems where = problems.at("notifications[" + i + "]");
                if (rule == null) {
                    where.add("is empty: give it events and channels");
                    continue;
                }
                NotificationsFile.rule(rule, declared, where);
                if (rule.targets() != null || rule.environments() != null) {
                    where.add("a policy's rules are for the targets it selects: no targets or environments here");
                }
            }
        }
        storeIds(p.stores(), problems.at("stores"));
        storeIds(p.replicateTo(), problems.at("replicateTo"));
        TargetsFile.validateEncryption(p.encryption(), problems.at("encryption"));
        TargetsFile.validateDrill(p.drill(), problems.at("drill"));
        positive(p.expectedEvery(), "expectedEvery", "PT24H", problems);
        positive(p.jobTimeout(), "jobTimeout", "PT6H", problems);
        if (p.compressionLevel() != null) {
            Compression codec = p.compression() == null ? Compression.ZSTD : p.compression();
            if (codec == Compression.NONE || !codec.acceptsLevel(p.compressionLevel())) {
                problems.add("compressionLevel", "must be within " + codec.levelRange() + " for " + codec.id());
            }
        }
        if (p.retention() != null) {
            p.retention().validate(problems.at("retention"), stores);
        }
    }

    private void storeIds(List<String> named, Problems problems) {
        if (named == null) {
            return;
        }
        for (int i = 0; i < named.size(); i++) {
            if (!stores.contains(named.get(i))) {
                problems.add("[" + i + "]", "unknown store " + SafeValues.show(named.get(i)) + " (declared: "
                        + new TreeSet<>(stores) + ")");
            }
        }
    }

    private static void positive(Duration d, String field, String example, Problems problems) {
        if (d != null && (d.isNegative() || d.isZero())) {
            problems.add(field, "must be a positive ISO-8601 duration such as " + example);
        }
    }
}
