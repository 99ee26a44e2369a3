package io.backuphub.restore;

import java.time.Instant;

/**
 * What a person asks to recover (the body of both calls of POST /api/v1/targets/{id}/restores):
 * {@code mode: pitr}, the moment — {@code targetTime} or {@code targetLsn} — the destination target
 * whose host gets the new data directory (default: the source target itself), the port the recovered
 * server listens on there (default: the destination's database port + 100), and for the second call
 * the preview's confirm token.
 */
public record RecoverySpec(String mode, Instant targetTime, String targetLsn, Destination destination, Integer port,
        String confirm) {

    public static final String PITR = "pitr";

    /** Where the recovered server runs. */
    public record Destination(String targetId) {
    }

    public String destinationId() {
        return destination == null ? null : destination.targetId();
    }
}
