package io.backuphub.job;

/** What started a job. */
public enum JobTrigger {

    API, SCHEDULE, WEBHOOK, SYSTEM;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static JobTrigger of(String id) {
        return valueOf(id.toUpperCase(java.util.Locale.ROOT));
    }
}
