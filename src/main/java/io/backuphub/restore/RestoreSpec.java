package io.backuphub.restore;

/**
 * What a person asks to restore into (the body of both restore calls): the destination target
 * (default: the artifact's own), the database (default {@code <source>_restored_<yyyymmddhhmm>}, or for
 * {@code replace} the destination's own database), {@code new} or {@code replace} (default new), and
 * for the second call the preview's confirm token.
 */
public record RestoreSpec(String targetId, String database, String mode, String confirm) {

    public static final RestoreSpec DEFAULTS = new RestoreSpec(null, null, null, null);
}
