package io.backuphub.retention;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.backuphub.common.Problems;

/**
 * How many backups to keep: the newest {@code keepLast}, plus one per day / ISO week / month / year
 * for the newest {@code daily} / {@code weekly} / {@code monthly} / {@code yearly} such periods
 * (grandfather-father-son), nothing older than {@code maxAgeDays}, and never fewer than
 * {@code keepMinimum} verified backups. A count not given is 0; no maxAgeDays means no age limit.
 */
public record RetentionPolicy(int keepLast, int daily, int weekly, int monthly, int yearly, Integer maxAgeDays,
        int keepMinimum) {

    /** From JSON (the API, the catalog): a count given as null, or not at all, is 0. */
    @JsonCreator
    static RetentionPolicy of(@JsonProperty("keepLast") Integer keepLast, @JsonProperty("daily") Integer daily,
            @JsonProperty("weekly") Integer weekly, @JsonProperty("monthly") Integer monthly,
            @JsonProperty("yearly") Integer yearly, @JsonProperty("maxAgeDays") Integer maxAgeDays,
            @JsonProperty("keepMinimum") Integer keepMinimum) {
        return new RetentionPolicy(count(keepLast), count(daily), count(weekly), count(monthly), count(yearly),
                maxAgeDays,
                count(keepMinimum));
    }

    private static int count(Integer value) {
        return value == null ? 0 : value;
    }

    public void validate(Problems problems) {
        range(keepLast, "keepLast", problems);
        range(daily, "daily", problems);
        range(weekly, "weekly", problems);
        range(monthly, "monthly", problems);
        range(yearly, "yearly", problems);
        range(keepMinimum, "keepMinimum", problems);
        if (maxAgeDays != null && (maxAgeDays < 1 || maxAgeDays > 36500)) {
            problems.add("maxAgeDays", "must be within 1..36500, or null for no age limit");
        }
    }

    private static void range(int value, String field, Problems problems) {
        if (value < 0 || value > 10000) {
            problems.add(field, "must be within 0..10000");
        }
    }
}
