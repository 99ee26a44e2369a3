package io.backuphub.store;

import java.time.Duration;
import java.time.Instant;

/**
 * A storage class that bills a minimum storage duration: an object deleted sooner is charged as if it
 * had stayed that long (GCS Nearline 30 days, Coldline 90, Archive 365; S3 Standard-IA and R2
 * Infrequent Access 30, Glacier Instant Retrieval and Flexible Retrieval 90, Deep Archive 180).
 */
public record MinimumStorage(String storageClass, Duration duration) {

    /** The minimum of {@code storageClass} among a store type's {@code days} per class; empty when none. */
    public static java.util.Optional<MinimumStorage> of(String storageClass, java.util.Map<String, Integer> days) {
        return java.util.Optional.ofNullable(storageClass).map(days::get)
                .map(d -> new MinimumStorage(storageClass, Duration.ofDays(d)));
    }

    /** The time still billed if an object stored at {@code storedAt} is deleted at {@code now}; zero past it. */
    public Duration chargedIfDeleted(Instant storedAt, Instant now) {
        Duration left = Duration.between(now, storedAt.plus(duration));
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** When an object stored at {@code storedAt} may go without an early-deletion charge. */
    public Instant freeFrom(Instant storedAt) {
        return storedAt.plus(duration);
    }
}
