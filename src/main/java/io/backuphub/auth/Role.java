package io.backuphub.auth;

import static io.backuphub.auth.Permission.*;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The four roles, each the one before it plus more: a viewer looks and downloads, an operator runs
 * backups, a restorer may also overwrite databases (its own permission, as whoever may restore owns
 * the database), an admin may do everything.
 */
public enum Role {

    VIEWER(EnumSet.of(BACKUP_VIEW, BACKUP_DOWNLOAD)), OPERATOR(EnumSet.of(BACKUP_VIEW, BACKUP_DOWNLOAD, BACKUP_TRIGGER,
            BACKUP_SCHEDULE, BACKUP_VERIFY, BACKUP_PIN)), RESTORER(
                    EnumSet.of(BACKUP_VIEW, BACKUP_DOWNLOAD, BACKUP_TRIGGER, BACKUP_SCHEDULE, BACKUP_VERIFY, BACKUP_PIN,
                            BACKUP_RESTORE)), ADMIN(EnumSet.allOf(Permission.class));

    private final Set<Permission> permissions;

    Role(Set<Permission> permissions) {
        this.permissions = Set.copyOf(permissions);
    }

    public Set<Permission> permissions() {
        return permissions;
    }

    /** The name used in the API and config: {@code viewer}, {@code operator}, {@code restorer}, {@code admin}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> of(String code) {
        return Arrays.stream(values()).filter(r -> r.code().equals(code)).findFirst();
    }

    @Override
    public String toString() {
        return code();
    }
}
