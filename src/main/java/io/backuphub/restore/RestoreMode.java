package io.backuphub.restore;

import java.util.Locale;

/** {@code new} creates a database and never touches an existing one; {@code replace} swaps one in. */
public enum RestoreMode {

    NEW, REPLACE;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The mode named {@code id}, or null when the name is unknown. */
    static RestoreMode of(String id) {
        for (RestoreMode mode : values()) {
            if (mode.id().equals(id)) {
                return mode;
            }
        }
        return null;
    }
}
