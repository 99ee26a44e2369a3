package io.backuphub.job;

/**
 * What a job does: back up a target, verify an artifact, restore an artifact into a destination
 * target, drill (restore a target's newest verified backup into a scratch target, compare, drop), or
 * replicate (copy an artifact from a store that holds it into another store).
 */
public enum JobKind {

    BACKUP, VERIFY, RESTORE, DRILL, REPLICATE;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static JobKind of(String id) {
        return valueOf(id.toUpperCase(java.util.Locale.ROOT));
    }
}
