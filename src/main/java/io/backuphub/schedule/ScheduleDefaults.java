package io.backuphub.schedule;

import java.util.List;
import java.util.Map;

/**
 * Schedules targets take from outside the catalog: the policies file (docs/policies.md). A target with
 * schedules of its own (schedules.yaml or the API) keeps only those.
 */
public interface ScheduleDefaults {

    /** When to back it up: a cron and its IANA time zone (UTC when null). */
    record Timing(String cron, String timezone) {
    }

    /** Per target id, the schedules the policies in use give it. */
    Map<String, List<Timing>> schedules();
}
