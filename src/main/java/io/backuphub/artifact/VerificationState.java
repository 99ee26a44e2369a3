package io.backuphub.artifact;

/** pending -> verified | verify_failed | skipped. */
public enum VerificationState {

    PENDING, VERIFIED, VERIFY_FAILED, SKIPPED;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static VerificationState of(String id) {
        return id == null ? null : valueOf(id.toUpperCase(java.util.Locale.ROOT));
    }
}
