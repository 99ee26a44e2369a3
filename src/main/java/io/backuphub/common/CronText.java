package io.backuphub.common;

import com.cronutils.descriptor.CronDescriptor;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A schedule's timing in words people use ("every day at 02:00"), read from its Quartz form: the
 * shapes schedules have (daily, weekdays, weekly, monthly, every N hours or minutes) said plainly,
 * anything else as cron-utils describes it.
 */
public final class CronText {

    private static final CronParser QUARTZ = new CronParser(
            CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));
    private static final String[] DAYS = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
            "Saturday"};
    private static final Map<String, Integer> DAY_NAMES = Map.of("SUN", 1, "MON", 2, "TUE", 3, "WED", 4, "THU", 5,
            "FRI", 6, "SAT", 7);

    private CronText() {
    }

    public static String describe(CronSpec cron) {
        String[] f = cron.quartz().trim().split("\\s+");
        String second = f[0];
        String minute = f[1];
        String hour = f[2];
        String dom = f[3];
        String month = f[4];
        String dow = f[5];
        boolean anyDay = any(dom) && any(dow);
        if (second.equals("0") && number(minute) && number(hour) && any(month) && (f.length == 6 || any(f[6]))) {
            String at = "at " + two(hour) + ":" + two(minute);
            if (anyDay) {
                return "every day " + at;
            }
            if (any(dom) && days(dow) != null) {
                return days(dow) + " " + at;
            }
            if (number(dom) && any(dow)) {
                return "on day " + dom + " of every month " + at;
            }
        }
        if (second.equals("0") && number(minute) && anyDay && any(month)) {
            if (hour.equals("*")) {
                return minute.equals("0") ? "every hour, on the hour" : "every hour at minute " + minute;
            }
            String every = step(hour);
            if (every != null) {
                return "every " + every + " hours at minute " + minute;
            }
        }
        if (second.equals("0") && step(minute) != null && hour.equals("*") && anyDay && any(month)) {
            return "every " + step(minute) + " minutes";
        }
        return CronDescriptor.instance(Locale.ENGLISH).describe(QUARTZ.parse(cron.quartz()));
    }

    /** "every Monday", "on weekdays", "on Monday and Thursday"; null for shapes not said here. */
    private static String days(String dow) {
        List<Integer> days = new ArrayList<>();
        for (String part : dow.toUpperCase(Locale.ROOT).split(",")) {
            String[] range = part.split("-");
            Integer from = day(range[0]);
            Integer to = range.length == 2 ? day(range[1]) : from;
            if (from == null || to == null || range.length > 2 || to < from) {
                return null;
            }
            for (int d = from; d <= to; d++) {
                days.add(d);
            }
        }
        if (days.equals(List.of(2, 3, 4, 5, 6))) {
            return "on weekdays";
        }
        if (days.equals(List.of(1, 7))) {
            return "on weekends";
        }
        List<String> names = days.stream().map(d -> DAYS[d - 1]).toList();
        return names.size() == 1 ? "every " + names.get(0)
                : "on " + String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }

    private static Integer day(String s) {
        if (DAY_NAMES.containsKey(s)) {
            return DAY_NAMES.get(s);
        }
        return s.matches("[1-7]") ? Integer.parseInt(s) : null;
    }

    /** N of "*&#47;N" or "0/N"; null otherwise. */
    private static String step(String field) {
        return field.matches("(\\*|0)/\\d+") ? field.substring(field.indexOf('/') + 1) : null;
    }

    private static boolean any(String field) {
        return field.equals("*") || field.equals("?");
    }

    private static boolean number(String field) {
        return field.matches("\\d{1,2}");
    }

    private static String two(String field) {
        return field.length() == 1 ? "0" + field : field;
    }
}
