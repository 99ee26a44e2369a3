package io.backuphub.auth;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a principal may do. The codes ({@code backup.view}) are the names used in the API, the audit log
 * and docs/security.md.
 */
public enum Permission {

    /** See targets, jobs, backups, schedules, drills and the dashboard. */
    BACKUP_VIEW("backup.view"),
    /** Download a backup's bytes (still encrypted, as stored). */
    BACKUP_DOWNLOAD("backup.download"),
    /** Start a backup or a retry now. */
    BACKUP_TRIGGER("backup.trigger"),
    /** Create, change, pause and remove schedules. */
    BACKUP_SCHEDULE("backup.schedule"),
    /** Verify a backup again, acknowledge a suspicion, run a drill. */
    BACKUP_VERIFY("backup.verify"),
    /** Pin and unpin backups so that retention keeps them. */
    BACKUP_PIN("backup.pin"),
    /** Delete a backup or one of its copies. */
    BACKUP_DELETE("backup.delete"),
    /** Restore a backup into a target: whoever may restore owns the database. */
    BACKUP_RESTORE("backup.restore"),
    /** Change retention policies and apply them now. */
    RETENTION_MODIFY("retention.modify"),
    /** Reload targets and routes, notification channels, webhooks, stores and the mirror. */
    SETTINGS_MODIFY("settings.modify"),
    /** Read and change DNS TXT records. */
    DNS_MODIFY("dns.modify"),
    /** Read and export the audit log. */
    AUDIT_VIEW("audit.view"),
    /** Create, rotate and revoke API keys. */
    KEYS_MANAGE("keys.manage"),
    /** Give people roles, scopes and limits, or remove them. */
    USERS_MANAGE("users.manage");

    private final String code;

    Permission(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static Optional<Permission> of(String code) {
        return Arrays.stream(values()).filter(p -> p.code.equals(code)).findFirst();
    }

    @Override
    public String toString() {
        return code;
    }
}
