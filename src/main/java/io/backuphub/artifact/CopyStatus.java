package io.backuphub.artifact;

/**
 * How one copy of an artifact stands: stored (committed, manifest beside it), failed (its write or a
 * later check failed; the reason is on the copy), copying (a replication job is writing it), deleted.
 */
public enum CopyStatus {

    STORED, FAILED, COPYING, DELETED;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static CopyStatus of(String id) {
        return valueOf(id.toUpperCase(java.util.Locale.ROOT));
    }
}
