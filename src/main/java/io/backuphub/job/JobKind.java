package io.backuphub.job;

/** What a job does; restore and dr-test come later. */
public enum JobKind {

    BACKUP, VERIFY;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static JobKind of(String id) {
        return valueOf(id.toUpperCase(java.util.Locale.ROOT));
    }
}
