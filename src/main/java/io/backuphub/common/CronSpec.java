package io.backuphub.common;

import com.cronutils.mapper.CronMapper;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import java.text.ParseException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.quartz.CronExpression;

/**
 * A schedule's timing as users write it — standard 5-field Unix cron ({@code 0 2 * * *}), Quartz's
 * 6/7-field form, or a preset — turned into the Quartz expression that fires it.
 */
public record CronSpec(String input, String quartz) {

    public static final Map<String, String> PRESETS = Map.of(
            "hourly", "0 0 * * * ?",
            "daily-0200", "0 0 2 * * ?",
            "weekly-sunday-0200", "0 0 2 ? * SUN",
            "monthly-1st-0200", "0 0 2 1 * ?");

    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    /** Parses {@code input}; throws IllegalArgumentException saying what is wrong. */
    public static CronSpec parse(String input) {
        if (input == null || input.isBlank()) {
            throw new IllegalArgumentException("is required (e.g. \"0 2 * * *\" or one of " + PRESETS.keySet() + ")");
        }
        String trimmed = input.trim();
        if (PRESETS.containsKey(trimmed)) {
            return new CronSpec(trimmed, PRESETS.get(trimmed));
        }
        int fields = trimmed.split("\\s+").length;
        String quartz;
        if (fields == 5) {
            try {
                quartz = CronMapper.fromUnixToQuartz().map(UNIX.parse(trimmed)).asString();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("is not a valid Unix cron expression: " + e.getMessage());
            }
        } else if (fields == 6 || fields == 7) {
            quartz = trimmed;
        } else {
            throw new IllegalArgumentException("must have 5 fields (Unix cron), 6 or 7 (Quartz), or be one of "
                    + PRESETS.keySet() + "; got " + fields + " field(s)");
        }
        try {
            new CronExpression(quartz);
        } catch (ParseException e) {
            throw new IllegalArgumentException("is not a valid cron expression: " + e.getMessage());
        }
        return new CronSpec(trimmed, quartz);
    }

    /**
     * The next fire time after {@code after}, reading the expression as wall-clock time in
     * {@code zone} the way cron does: a time that does not exist (the hour skipped when clocks go
     * forward) fires at the same offset after the gap (02:30 -> 03:30), and a time that exists twice
     * (clocks going back) fires once, at its first occurrence. Quartz's own CronTrigger instead skips
     * the day of a spring-forward entirely — a missing nightly backup.
     */
    public Instant nextAfter(ZoneId zone, Instant after) {
        return nextAfter(expression(), zone, after);
    }

    private static Instant nextAfter(CronExpression wallClock, ZoneId zone, Instant after) {
        Date wall = Date.from(after.atZone(zone).toLocalDateTime().toInstant(ZoneOffset.UTC));
        for (int guard = 0; guard < 100_000; guard++) {
            wall = wallClock.getNextValidTimeAfter(wall);
            if (wall == null) {
                return null;
            }
            LocalDateTime local = LocalDateTime.ofInstant(wall.toInstant(), ZoneOffset.UTC);
            Instant candidate = ZonedDateTime.ofLocal(local, zone, null).toInstant();
            if (candidate.isAfter(after)) {
                return candidate;
            }
        }
        return null;
    }

    /**
     * The newest fire after {@code since} and not after {@code now}; null when none. Fires missed while
     * the hub was down make one run, for the newest of them, not a backlog run back to back.
     */
    public Instant newestFire(ZoneId zone, Instant since, Instant now) {
        Instant first = nextAfter(zone, since);
        if (first == null || first.isAfter(now)) {
            return null;
        }
        // Only the newest counts: start a little over a week back rather than walking a long outage.
        Instant newest = first;
        Instant from = first.isAfter(now.minus(CATCH_UP)) ? first : now.minus(CATCH_UP);
        CronExpression wallClock = expression();
        for (Instant next = nextAfter(wallClock, zone, from); next != null
                && !next.isAfter(now); next = nextAfter(wallClock, zone, next)) {
            newest = next;
        }
        return newest;
    }

    private static final java.time.Duration CATCH_UP = java.time.Duration.ofDays(8);

    /** The next {@code count} fire times after {@code from}. */
    public List<Instant> nextFireTimes(ZoneId zone, Instant from, int count) {
        List<Instant> times = new ArrayList<>();
        CronExpression wallClock = expression(); // parsed once: validation asks for thousands of fires
        Instant next = from;
        while (times.size() < count && (next = nextAfter(wallClock, zone, next)) != null) {
            times.add(next);
        }
        return times;
    }

    /**
     * The shortest gap between consecutive fires among the next {@code count} after {@code from}, with
     * the two fires that are that close; empty if it fires fewer than twice.
     */
    public java.util.Optional<List<Instant>> closestFires(ZoneId zone, Instant from, int count) {
        List<Instant> times = nextFireTimes(zone, from, count);
        List<Instant> closest = null;
        for (int i = 1; i < times.size(); i++) {
            if (closest == null || java.time.Duration.between(times.get(i - 1), times.get(i))
                    .compareTo(java.time.Duration.between(closest.get(0), closest.get(1))) < 0) {
                closest = List.of(times.get(i - 1), times.get(i));
            }
        }
        return java.util.Optional.ofNullable(closest);
    }

    private CronExpression expression() {
        try {
            CronExpression expression = new CronExpression(quartz);
            expression.setTimeZone(TimeZone.getTimeZone(ZoneOffset.UTC));
            return expression;
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }
}
