package io.backuphub.schedule;

import io.backuphub.common.ConfigFiles;
import io.backuphub.common.HubException;
import io.backuphub.common.Ids;
import io.backuphub.common.InvalidConfigException;
import io.backuphub.common.Problems;
import io.backuphub.common.SafeValues;
import io.backuphub.target.TargetsLoaded;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.spi.CamelEvent;
import org.jboss.logging.Logger;
import org.quartz.SchedulerException;

/**
 * Schedules from both sources: the API (source "api") and schedules.yaml (source "file", which only
 * the file changes). Every change is stored in the catalog and applied to the Quartz trigger at once.
 */
@ApplicationScoped
public class Schedules {

    private static final Logger LOG = Logger.getLogger(Schedules.class);
    static final String PROBLEM = "invalid-schedules-file";

    /** The file's shape: {@code schedules: [...]}. */
    record Document(List<ScheduleRequest> schedules) {
    }

    private final ScheduleRepository store;
    private final ScheduleValidator validator;
    private final ScheduleTriggers triggers;
    private final ScheduleFirer firer;
    private final Path file;
    private final Instance<ScheduleDefaults> defaults;
    private volatile boolean started;

    public Schedules(ScheduleRepository store, ScheduleValidator validator, ScheduleTriggers triggers,
            ScheduleFirer firer, SchedulesProperties config, Instance<ScheduleDefaults> defaults) {
        this.store = store;
        this.validator = validator;
        this.triggers = triggers;
        this.firer = firer;
        this.file = config.file();
        this.defaults = defaults;
    }

    /** After the targets are loaded: apply schedules.yaml and the policies' schedules, then make Quartz's triggers match. */
    void onStart(@Observes @Priority(300) StartupEvent event) throws SchedulerException {
        triggers.prepare(firer);
        reloadFile();
        applyPolicies();
        triggers.reconcile(store.all(), Instant.now());
        started = true;
    }

    /** The targets or their policies changed: so may the schedules policies give them. */
    void onTargetsLoaded(@Observes TargetsLoaded event) {
        if (started) {
            applyPolicies();
        }
    }

    /** Fires go to a route: start firing once Camel's routes run. */
    void onCamelStarted(@Observes CamelEvent.CamelContextStartedEvent event) throws SchedulerException {
        triggers.start();
    }

    public Path file() {
        return file;
    }

    public Schedule create(ScheduleRequest request) {
        if (request.id() != null) {
            throw HubException.invalid(List.of("id: is assigned by the hub"));
        }
        Schedule schedule = validate(Ids.next(), request, Schedule.Source.API);
        store.insert(schedule);
        triggers.set(schedule, Instant.now());
        applyPolicies(); // the target has a schedule of its own now: a policy's stops
        return schedule;
    }

    /** A schedule as {@link #create} would make it, by the same rules, without saving it. */
    public Schedule preview(ScheduleRequest request) {
        return validate("preview", request, Schedule.Source.API);
    }

    public Schedule replace(String id, ScheduleRequest request) {
        Schedule current = apiOwned(id);
        if (request.id() != null && !request.id().equals(id)) {
            throw HubException.invalid(List.of("id: cannot be changed"));
        }
        Schedule updated = validate(id, request, Schedule.Source.API);
        updated = new Schedule(id, updated.targetId(), updated.cron(), updated.timezone(), updated.enabled(),
                updated.options(), Schedule.Source.API, current.createdAt(), Instant.now(), current.lastFiredAt(),
                current.lastFireNote());
        store.update(updated);
        triggers.set(updated, Instant.now());
        applyPolicies(); // it may have moved to another target
        return updated;
    }

    public void delete(String id) {
        apiOwned(id);
        store.delete(id);
        triggers.remove(id);
        applyPolicies(); // its target's last own schedule may be gone: a policy's applies again
    }

    public Schedule setEnabled(String id, boolean enabled) {
        Schedule schedule = apiOwned(id).withEnabled(enabled, Instant.now());
        store.update(schedule);
        triggers.set(schedule, Instant.now());
        return schedule;
    }

    public Schedule get(String id) {
        return store.find(id).orElseThrow(() -> HubException.notFound("no schedule " + id));
    }

    private Schedule apiOwned(String id) {
        Schedule schedule = get(id);
        if (schedule.source() == Schedule.Source.FILE) {
            throw HubException.conflict("schedule " + id + " is declared in " + file + "; change it there");
        }
        if (schedule.source() == Schedule.Source.POLICY) {
            throw HubException.conflict("schedule " + id + " is given to target " + schedule.targetId()
                    + " by a policy (GET /api/v1/targets/" + schedule.targetId()
                    + "/effective-policy says which); change the policy, or give the target a schedule of its own");
        }
        return schedule;
    }

    /**
     * Makes the schedules policies give match the policies in use: each target without a schedule of
     * its own (schedules.yaml, the API) gets its policy's, a target that has one of its own, or no
     * policy schedule any more, loses them. A policy schedule's id comes from its target, cron and zone,
     * so it keeps its fire history while they stay, and replicas applying the same policies at once
     * make one schedule, not two.
     */
    public synchronized void applyPolicies() {
        Map<String, List<ScheduleDefaults.Timing>> given = defaults.isResolvable() ? defaults.get().schedules()
                : Map.of();
        Set<String> ownSchedules = new HashSet<>();
        Map<String, Schedule> current = new HashMap<>();
        for (Schedule s : store.all()) {
            if (s.source() == Schedule.Source.POLICY) {
                current.put(s.id(), s);
            } else {
                ownSchedules.add(s.targetId());
            }
        }
        Instant now = Instant.now();
        Set<String> wanted = new HashSet<>();
        given.forEach((targetId, timings) -> {
            if (ownSchedules.contains(targetId)) {
                return;
            }
            for (ScheduleDefaults.Timing timing : timings) {
                String id = policyScheduleId(targetId, timing);
                wanted.add(id);
                if (current.containsKey(id)) {
                    continue;
                }
                Problems problems = new Problems();
                Schedule schedule = validator.validate(id, new ScheduleRequest(null, targetId, timing.cron(),
                        timing.timezone(), true, null), Schedule.Source.POLICY, now, problems);
                if (schedule == null) {
                    LOG.errorf("the policy schedule %s for target %s is not applied: %s", timing, targetId,
                            problems.messages());
                } else if (store.insertIfAbsent(schedule)) {
                    triggers.set(schedule, now);
                    LOG.infof("target %s: schedule %s (%s %s) from its policy", targetId, id, schedule.cron().input(),
                            schedule.timezone());
                }
            }
        });
        current.values().stream().filter(s -> !wanted.contains(s.id())).forEach(gone -> {
            store.delete(gone.id());
            triggers.remove(gone.id());
            LOG.infof("target %s: schedule %s (%s %s) removed: its policy no longer gives it", gone.targetId(),
                    gone.id(), gone.cron().input(), gone.timezone());
        });
    }

    /** {@code policy-} and 16 hex digits of the SHA-256 of target, cron and zone: the same on every replica. */
    static String policyScheduleId(String targetId, ScheduleDefaults.Timing timing) {
        String zone = timing.timezone() == null ? "UTC" : timing.timezone();
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(
                    (targetId + "\n" + timing.cron().trim() + "\n" + zone)
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "policy-" + java.util.HexFormat.of().formatHex(hash, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private Schedule validate(String id, ScheduleRequest request, Schedule.Source source) {
        Problems problems = new Problems();
        Schedule schedule = validator.validate(id, request, source, Instant.now(), problems);
        problems.throwIfAny();
        return schedule;
    }

    /**
     * Applies schedules.yaml: adds, changes and removes the file's schedules. An invalid file changes
     * nothing and throws {@link InvalidConfigException} listing every problem.
     */
    public synchronized int reloadFile() {
        Map<String, Schedule> declared = parseFile();
        Instant now = Instant.now();
        Map<String, Schedule> current = new HashMap<>();
        for (Schedule s : store.all()) {
            if (s.source() == Schedule.Source.FILE) {
                current.put(s.id(), s);
            } else if (declared.containsKey(s.id())) {
                throw new InvalidConfigException(PROBLEM, file.toString(),
                        List.of("schedule id " + s.id() + " is already used by a schedule created through the API"));
            }
        }
        for (Schedule wanted : declared.values()) {
            Schedule existing = current.get(wanted.id());
            if (existing == null) {
                store.insert(wanted);
                triggers.set(wanted, now);
            } else if (!existing.sameDefinition(wanted)) {
                Schedule changed = new Schedule(wanted.id(), wanted.targetId(), wanted.cron(), wanted.timezone(),
                        wanted.enabled(), wanted.options(), Schedule.Source.FILE, existing.createdAt(), now,
                        existing.lastFiredAt(), existing.lastFireNote());
                store.update(changed);
                triggers.set(changed, now);
            }
        }
        Set<String> gone = new HashSet<>(current.keySet());
        gone.removeAll(declared.keySet());
        for (String id : gone) {
            store.delete(id);
            triggers.remove(id);
        }
        LOG.infof("schedules file %s: %d schedule(s)", file, declared.size());
        if (started) {
            applyPolicies();
        }
        return declared.size();
    }

    private Map<String, Schedule> parseFile() {
        Document document = ConfigFiles.read(file, Document.class, PROBLEM).orElse(null);
        List<ScheduleRequest> requests = document == null || document.schedules() == null ? List.of()
                : document.schedules();
        Problems problems = new Problems();
        Map<String, Schedule> schedules = new HashMap<>();
        Instant now = Instant.now();
        for (int i = 0; i < requests.size(); i++) {
            ScheduleRequest r = requests.get(i);
            Problems at = problems.at("schedules[" + i + "]");
            if (r == null) {
                at.add("is empty");
                continue;
            }
            if (SafeValues.check(at, "id", SafeValues.SLUG, r.id()) && schedules.containsKey(r.id())) {
                at.add("id", "duplicate id " + SafeValues.show(r.id()));
            }
            Schedule schedule = validator.validate(r.id(), r, Schedule.Source.FILE, now, at);
            if (schedule != null && r.id() != null) {
                schedules.put(r.id(), schedule);
            }
        }
        if (!problems.isEmpty()) {
            LOG.errorf("schedules not (re)loaded, %s is invalid: %s", file, problems.messages());
            throw new InvalidConfigException(PROBLEM, file.toString(), problems.messages());
        }
        return schedules;
    }
}
