package io.backuphub.job;

/** queued -> running -> succeeded | failed | cancelled. */
public enum JobStatus {

    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static JobStatus of(String id) {
        return valueOf(id.toUpperCase(java.util.Locale.ROOT));
    }

    public boolean finished() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
