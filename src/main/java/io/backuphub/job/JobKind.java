package io.backuphub.job;

/**
 * What a job does: back up a target, verify an artifact, restore an artifact into a destination
 * target, or drill (restore a target's newest verified backup into a scratch target, compare, drop).
 */
public enum JobKind {

    BACKUP, VERIFY, RESTORE, DRILL;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static JobKind of(String id) {
        return valueOf(id.toUpperCase(java.util.Locale.ROOT));
    }
}
