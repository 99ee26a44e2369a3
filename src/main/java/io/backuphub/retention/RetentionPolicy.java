package io.backuphub.retention;

import io.backuphub.target.Problems;

/**
 * How many backups to keep: the newest {@code keepLast}, plus one per day / ISO week / month / year
 * for the newest {@code daily} / {@code weekly} / {@code monthly} / {@code yearly} such periods
 * (grandfather-father-son), nothing older than {@code maxAgeDays}, and never fewer than
 * {@code keepMinimum} verified backups. Null counts mean 0; a null maxAgeDays means no age limit.
 */
public record RetentionPolicy(Integer keepLast, Integer daily, Integer weekly, Integer monthly, Integer yearly,
                              Integer maxAgeDays, Integer keepMinimum) {

    public int last() {
        return keepLast == null ? 0 : keepLast;
    }

    public int days() {
        return daily == null ? 0 : daily;
    }

    public int weeks() {
        return weekly == null ? 0 : weekly;
    }

    public int months() {
        return monthly == null ? 0 : monthly;
    }

    public int years() {
        return yearly == null ? 0 : yearly;
    }

    public int minimum() {
        return keepMinimum == null ? 0 : keepMinimum;
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

    private static void range(Integer value, String field, Problems problems) {
        if (value != null && (value < 0 || value > 10000)) {
            problems.add(field, "must be within 0..10000");
        }
    }
}
