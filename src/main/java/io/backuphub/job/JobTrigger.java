package io.backuphub.job;

/** What started a job. */
public enum JobTrigger {

    API, SCHEDULE, WEBHOOK, SYSTEM,
    /** A message on a Pub/Sub subscription (the trigger ref is "subscription id/message id"). */
    PUBSUB,
    /** A safety backup a restore runs before replacing a database (the trigger ref names the restore job). */
    RESTORE;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static JobTrigger of(String id) {
        return valueOf(id.toUpperCase(java.util.Locale.ROOT));
    }
}
