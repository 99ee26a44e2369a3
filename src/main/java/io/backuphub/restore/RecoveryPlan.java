package io.backuphub.restore;

import java.time.Instant;
import java.util.List;

/**
 * A point-in-time recovery, as planned before anyone confirms it: the base it starts from, the WAL
 * segments replayed onto it, what will be fetched from the stores, and the new data directory and
 * port on the destination's host; with the confirm token for the second call.
 */
public record RecoveryPlan(String sourceTargetId, String mode, Instant targetTime, String targetLsn, Base base,
        Wal wal, long bytesToFetch, Destination destination, List<String> warnings, String confirm,
        Instant confirmExpiresAt) {

    /** The verified base backup replay starts from. */
    public record Base(String artifactId, Instant at, String startLsn, long bytes) {
    }

    /** The stored segments replayed, in order (history files included). */
    public record Wal(int segments, String first, String last, long bytes) {
    }

    /** The server the recovery starts: on {@code host} (the destination's database host), never over the live one. */
    public record Destination(String targetId, String environment, String host, String dataDirectory, int port,
            String pgBin) {
    }
}
