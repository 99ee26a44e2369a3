package io.backuphub.dashboard;

import io.backuphub.api.Views;
import io.backuphub.notify.NotificationConfig;
import io.backuphub.retention.RetentionPolicy;
import io.backuphub.schedule.ScheduleDefaults;
import io.backuphub.target.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Settings as people read them: "0 2 * * * in Europe/Berlin", "the last 7, 14 daily", "every 24 h". */
public final class PolicyRows {

    static final String POLICY = "policy:";

    /** One setting: its value in words, where it comes from, and the policy's id when a policy gave it. */
    public record Row(String setting, String value, String source, String policy) {
    }

    private PolicyRows() {
    }

    /** The rows of an effective policy, in the API's order. */
    public static List<Row> of(Map<String, Views.SourcedValue> settings) {
        List<Row> rows = new ArrayList<>();
        settings.forEach((setting, v) -> rows.add(new Row(setting, text(v.value()), source(v.source()),
                v.source() != null && v.source().startsWith(POLICY) ? v.source().substring(POLICY.length()) : null)));
        return rows;
    }

    /** A selector in words: "environment production, labels team=shop, tier=gold", or "every target". */
    public static String selector(io.backuphub.policy.Selector s) {
        List<String> parts = new ArrayList<>();
        if (s.environment() != null) {
            parts.add("environment " + s.environment());
        }
        if (s.engine() != null) {
            parts.add("engine " + s.engine());
        }
        if (!s.labels().isEmpty()) {
            parts.add("labels " + s.labels().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(", ")));
        }
        return parts.isEmpty() ? "every target" : String.join("; ", parts);
    }

    /** A policy's settings (only those it gives), in words. */
    public static List<Row> given(Map<String, Object> settings) {
        List<Row> rows = new ArrayList<>();
        settings.forEach((setting, value) -> rows.add(new Row(setting, text(value), null, null)));
        return rows;
    }

    private static String source(String source) {
        return switch (source == null ? "" : source) {
            case "target" -> "this target";
            case "environment" -> "its environment";
            case "default" -> "the hub's default";
            default -> source;
        };
    }

    static String text(Object value) {
        if (value == null) {
            return "not set";
        }
        if (value instanceof RetentionPolicy r) {
            return r.describe();
        }
        if (value instanceof Duration d) {
            return every(d);
        }
        if (value instanceof ScheduleDefaults.Timing t) {
            return t.cron() + " in " + (t.timezone() == null ? "UTC" : t.timezone());
        }
        if (value instanceof Target.DrillSpec d) {
            return d.cron() + " in " + d.zone() + ", into " + d.scratch() + (d.pitr() ? " (PITR)" : "");
        }
        if (value instanceof NotificationConfig.Rule r) {
            return String.join(", ", r.events()) + " to " + String.join(", ", r.channels())
                    + (r.daily() ? " (daily digest)" : "");
        }
        if (value instanceof Map<?, ?> m && m.containsKey("cron")) { // a schedule as the catalog holds it
            return m.get("cron") + " in " + m.get("timezone");
        }
        if (value instanceof Map<?, ?> m && m.containsKey("ageRecipients")) {
            int n = ((Collection<?>) m.get("ageRecipients")).size();
            return "age, to " + n + " recipient" + (n == 1 ? "" : "s");
        }
        if (value instanceof Collection<?> c) {
            return c.isEmpty() ? "none" : c.stream().map(PolicyRows::text).collect(Collectors.joining("; "));
        }
        return value.toString();
    }

    private static String every(Duration d) {
        if (d.toDays() > 0 && d.equals(Duration.ofDays(d.toDays()))) {
            return d.toDays() + (d.toDays() == 1 ? " day" : " days");
        }
        if (d.toHours() > 0 && d.equals(Duration.ofHours(d.toHours()))) {
            return d.toHours() + " h";
        }
        return d.toMinutes() + " min";
    }
}
