package io.backuphub.job;

import io.backuphub.artifact.VerificationState;
import io.backuphub.common.FailureCause;
import io.backuphub.target.Target;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A target's colour: green = last backup verified and within its expected interval; yellow = late or
 * not verified (yet); red = the last backup failed or its artifact failed verification. A failing
 * target says what its last failure means ({@code cause}, when a rule knows), since when its backups
 * fail and how many in a row.
 */
public record TargetHealth(Status status, String reason, FailureCause cause, Instant failingSince,
        int failuresInARow) {

    /** The backups that failed since the last one that stored a backup: how many, the first one's end. */
    public record FailureStreak(int count, Instant since) {

        public static final FailureStreak NONE = new FailureStreak(0, null);
    }

    public enum Status {

        GREEN, YELLOW, RED;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private TargetHealth(Status status, String reason) {
        this(status, reason, null, null, 0);
    }

    public static TargetHealth evaluate(Target target, Optional<Job> lastFinishedBackup, FailureStreak streak,
            Instant now) {
        if (lastFinishedBackup.isEmpty()) {
            return new TargetHealth(Status.YELLOW, "no backup yet");
        }
        Job last = lastFinishedBackup.get();
        if (last.status() == JobStatus.FAILED) {
            FailureCause cause = last.cause();
            return new TargetHealth(Status.RED, "last backup failed: " + (cause == null ? last.error() : cause.cause()),
                    cause, streak.since(), Math.max(1, streak.count()));
        }
        if (last.verification() == VerificationState.VERIFY_FAILED) {
            return new TargetHealth(Status.RED, "last backup failed verification");
        }
        Duration age = Duration.between(last.finishedAt(), now);
        if (age.compareTo(target.expectedEvery()) > 0) {
            return new TargetHealth(Status.YELLOW, "late: last backup finished " + human(age)
                    + " ago, one is expected every " + human(target.expectedEvery()));
        }
        if (last.verification() != VerificationState.VERIFIED) {
            return new TargetHealth(Status.YELLOW, "last backup is not verified ("
                    + (last.verification() == null ? "unknown" : last.verification().id()) + ")");
        }
        return new TargetHealth(Status.GREEN, "last backup verified " + human(age) + " ago");
    }

    /**
     * The same health, no better than yellow while {@code concerns} (a suspicious backup, a failed or
     * missing drill) stand: each is named in the reason.
     */
    public TargetHealth with(java.util.List<String> concerns) {
        if (concerns.isEmpty()) {
            return this;
        }
        String more = String.join("; ", concerns);
        return status == Status.GREEN ? new TargetHealth(Status.YELLOW, more)
                : new TargetHealth(status, reason + "; " + more, cause, failingSince, failuresInARow);
    }

    /** The same health, red for {@code failure} (a gap in the target's WAL), which the reason names first. */
    public TargetHealth failing(String failure) {
        return new TargetHealth(Status.RED, failure + (status == Status.GREEN ? "" : "; " + reason), cause,
                failingSince, failuresInARow);
    }

    /** A duration in one unit, as the dashboard says ages ("64 s", "5 min", "25 h", "3 d"). */
    static String human(Duration d) {
        long seconds = d.getSeconds();
        if (seconds < 120) {
            return seconds + " s";
        }
        if (seconds < 7200) {
            return seconds / 60 + " min";
        }
        if (seconds < 172800) {
            return seconds / 3600 + " h";
        }
        return seconds / 86400 + " d";
    }
}
