package io.backuphub.auth;

import io.backuphub.common.Problems;

/**
 * How much a key or person may use the hub: API requests a minute (counted on each replica), and
 * backups and restores a day and downloads an hour (counted in the catalog, so replicas share them).
 * A null limit is no limit.
 */
public record Limits(Integer requestsPerMinute, Integer backupsPerDay, Integer restoresPerDay,
        Integer downloadsPerHour) {

    public static final Limits NONE = new Limits(null, null, null, null);

    /** Each of this limit, or where it has none, {@code fallback}'s. */
    public Limits or(Limits fallback) {
        return new Limits(requestsPerMinute != null ? requestsPerMinute : fallback.requestsPerMinute,
                backupsPerDay != null ? backupsPerDay : fallback.backupsPerDay,
                restoresPerDay != null ? restoresPerDay : fallback.restoresPerDay,
                downloadsPerHour != null ? downloadsPerHour : fallback.downloadsPerHour);
    }

    public void check(Problems problems) {
        positive(problems, "requestsPerMinute", requestsPerMinute);
        positive(problems, "backupsPerDay", backupsPerDay);
        positive(problems, "restoresPerDay", restoresPerDay);
        positive(problems, "downloadsPerHour", downloadsPerHour);
    }

    private static void positive(Problems problems, String field, Integer value) {
        if (value != null && (value < 1 || value > 1_000_000)) {
            problems.add(field, "must be between 1 and 1000000, not " + value);
        }
    }
}
