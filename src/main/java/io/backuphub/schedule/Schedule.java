package io.backuphub.schedule;

import io.backuphub.common.CronSpec;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;

/** A recurring backup of one target: when (cron + IANA time zone), with which options, from where. */
public record Schedule(String id, String targetId, CronSpec cron, ZoneId timezone, boolean enabled,
        Map<String, Object> options, Source source, Instant createdAt, Instant updatedAt,
        Instant lastFiredAt, String lastFireNote) {

    /**
     * Who owns the definition: the API, schedules.yaml, or a policy in policies.yaml (the API cannot
     * change the last two).
     */
    public enum Source {

        API, FILE, POLICY;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public Schedule withEnabled(boolean value, Instant now) {
        return new Schedule(id, targetId, cron, timezone, value, options, source, createdAt, now, lastFiredAt,
                lastFireNote);
    }

    /** Same definition (what fires, when, with which options), ignoring bookkeeping. */
    public boolean sameDefinition(Schedule other) {
        return other != null && targetId.equals(other.targetId) && cron.equals(other.cron)
                && timezone.equals(other.timezone) && enabled == other.enabled && options.equals(other.options);
    }
}
