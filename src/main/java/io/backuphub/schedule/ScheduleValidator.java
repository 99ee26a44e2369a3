package io.backuphub.schedule;

import io.backuphub.common.CronSpec;
import io.backuphub.common.Problems;
import io.backuphub.common.SafeValues;
import io.backuphub.engine.Engines;
import io.backuphub.target.Target;
import io.backuphub.target.TargetRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;

/** Checks a schedule definition the same way for the API and for schedules.yaml. */
@ApplicationScoped
public class ScheduleValidator {

    /** Fires examined for the minimum interval: a year of hourly fires, decades of daily ones. */
    private static final int FIRES_CHECKED = 10_000;

    private final TargetRegistry targets;
    private final Engines engines;
    private final Duration minInterval;

    public ScheduleValidator(TargetRegistry targets, Engines engines, SchedulesProperties config) {
        this.targets = targets;
        this.engines = engines;
        this.minInterval = config.minInterval();
    }

    /**
     * The schedule, or null with the problems added (each naming its field). A schedules.yaml entry may
     * name a target the targets file does not (yet) declare: it is kept, but does not fire until the
     * target is there (the schedule and /q/health say so) — shipped examples never stop a hub whose
     * targets are the user's own. Through the API, an unknown target is a mistake to refuse.
     */
    public Schedule validate(String id, ScheduleRequest r, Schedule.Source source, Instant now, Problems problems) {
        Target target = null;
        if (!SafeValues.matches(SafeValues.SLUG, r.targetId())) {
            problems.add("targetId", "is required: a target id");
        } else {
            target = targets.find(r.targetId()).orElse(null);
            if (target == null && source == Schedule.Source.API) {
                problems.add("targetId", "no target " + SafeValues.show(r.targetId()) + " is declared");
            }
        }
        Timing timing = timing(r.cron(), r.timezone(), now, problems);
        Map<String, Object> options = Map.of();
        if (target != null && r.options() != null) {
            options = engines.get(target.engine()).validateOptions(r.options(), problems.at("options"));
        }
        if (!problems.isEmpty() || timing == null) {
            return null;
        }
        return new Schedule(id, r.targetId(), timing.cron(), timing.zone(), r.enabled() == null || r.enabled(), options,
                source, now, now, null, null);
    }

    /** A cron read in a time zone. */
    public record Timing(CronSpec cron, ZoneId zone) {
    }

    /**
     * The cron and time zone (UTC when none), or null with the problems added: a cron that parses, a zone
     * that exists, fires ahead, and never two closer than hub.schedules.min-interval.
     */
    public Timing timing(String cronText, String timezone, Instant now, Problems problems) {
        CronSpec cron = null;
        try {
            cron = CronSpec.parse(cronText);
        } catch (IllegalArgumentException e) {
            problems.add("cron", e.getMessage());
        }
        ZoneId zone = null;
        try {
            zone = ZoneId.of(timezone == null ? "UTC" : timezone);
        } catch (DateTimeException e) {
            problems.add("timezone",
                    "unknown IANA time zone " + SafeValues.show(timezone) + " (e.g. Europe/Berlin, UTC)");
        }
        if (cron == null || zone == null) {
            return null;
        }
        if (cron.nextAfter(zone, now) == null) {
            problems.add("cron", "never fires after " + now);
            return null;
        }
        var tooClose = cron.closestFires(zone, now, FIRES_CHECKED)
                .filter(two -> Duration.between(two.get(0), two.get(1)).compareTo(minInterval) < 0);
        if (tooClose.isPresent()) {
            var two = tooClose.get();
            problems.add("cron", "fires " + Duration.between(two.get(0), two.get(1)) + " apart (" + two.get(0) + " and "
                    + two.get(1) + "); a schedule may fire at most once every " + minInterval
                    + " (hub.schedules.min-interval)");
            return null;
        }
        return new Timing(cron, zone);
    }
}
