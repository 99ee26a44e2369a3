package io.backuphub.job;

/**
 * queued -> running -> succeeded | partial | failed | cancelled. Partial: a backup stored and recorded,
 * but not in every store the target names (the job's error says which and why).
 */
public enum JobStatus {

    QUEUED, RUNNING, SUCCEEDED, PARTIAL, FAILED, CANCELLED;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static JobStatus of(String id) {
        return valueOf(id.toUpperCase(java.util.Locale.ROOT));
    }

    public boolean finished() {
        return this != QUEUED && this != RUNNING;
    }
}
