package io.backuphub.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.backuphub.artifact.VerificationState;
import io.backuphub.target.Compression;
import io.backuphub.target.Target;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TargetHealthTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private static final Target DAILY = new Target("orders", "postgres", "prod", null, null, Duration.ofHours(24),
            Compression.ZSTD, 3, null, null, null, null, null, null, null, null, null, null);

    @Test
    void greenWhenVerifiedAndRecent() {
        assertThat(health(JobStatus.SUCCEEDED, VerificationState.VERIFIED, Duration.ofHours(3)).status())
                .isEqualTo(TargetHealth.Status.GREEN);
    }

    @Test
    void yellowWhenLateUnverifiedOrNeverBackedUp() {
        assertThat(health(JobStatus.SUCCEEDED, VerificationState.VERIFIED, Duration.ofHours(25)))
                .extracting(TargetHealth::status, TargetHealth::reason)
                .containsExactly(TargetHealth.Status.YELLOW,
                        "late: last backup finished 25 h ago, one is expected every 24 h");
        assertThat(health(JobStatus.SUCCEEDED, VerificationState.SKIPPED, Duration.ofHours(1)).status())
                .isEqualTo(TargetHealth.Status.YELLOW);
        assertThat(TargetHealth.evaluate(DAILY, Optional.empty(), TargetHealth.FailureStreak.NONE, NOW).status())
                .isEqualTo(TargetHealth.Status.YELLOW);
    }

    @Test
    void redWhenTheLastBackupFailedOrDoesNotVerify() {
        assertThat(health(JobStatus.FAILED, VerificationState.SKIPPED, Duration.ofHours(1)))
                .extracting(TargetHealth::status, TargetHealth::reason)
                .containsExactly(TargetHealth.Status.RED, "last backup failed: boom");
        assertThat(health(JobStatus.SUCCEEDED, VerificationState.VERIFY_FAILED, Duration.ofHours(1)).status())
                .isEqualTo(TargetHealth.Status.RED);
    }

    @Test
    void redWhenTheWalChainHasAGapWhateverTheBackupsSay() {
        assertThat(health(JobStatus.SUCCEEDED, VerificationState.VERIFIED, Duration.ofHours(3)).failing("a gap"))
                .extracting(TargetHealth::status, TargetHealth::reason)
                .containsExactly(TargetHealth.Status.RED, "a gap");
        assertThat(health(JobStatus.SUCCEEDED, VerificationState.VERIFIED, Duration.ofHours(25)).failing("a gap")
                .reason()).isEqualTo("a gap; late: last backup finished 25 h ago, one is expected every 24 h");
    }

    private static TargetHealth health(JobStatus status, VerificationState verification, Duration ago) {
        Instant finished = NOW.minus(ago);
        Job job = new Job("01j", "orders", JobKind.BACKUP, status, verification, null,
                status == JobStatus.FAILED ? "boom" : null, JobTrigger.API, null, "admin", Map.of(), finished, finished,
                finished.minusSeconds(60), finished, 10L, "hub", finished, null, null, null);
        return TargetHealth.evaluate(DAILY, Optional.of(job), TargetHealth.FailureStreak.NONE, NOW);
    }
}
