package io.backuphub.restore;

import static org.assertj.core.api.Assertions.assertThat;

import io.backuphub.common.CronSpec;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** Which fire of a drill cron is due: missed fires make one drill, for the newest of them. */
class DrillFiresTest {

    private static final CronSpec NIGHTLY = CronSpec.parse("0 3 * * *");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void nothingIsDueBeforeTheNextFire() {
        Instant since = Instant.parse("2026-12-01T02:00:00Z");
        assertThat(NIGHTLY.newestFire(BERLIN, since, Instant.parse("2026-12-02T01:59:59Z")))
                .isNull();
    }

    @Test
    void aFireAfterTheLastDrillIsDue() {
        Instant since = Instant.parse("2026-12-01T02:00:00Z");
        assertThat(NIGHTLY.newestFire(BERLIN, since, Instant.parse("2026-12-02T02:00:00Z")))
                .isEqualTo(Instant.parse("2026-12-02T02:00:00Z"));
    }

    @Test
    void firesMissedForDaysMakeOneDrillForTheNewest() {
        Instant since = Instant.parse("2026-12-01T02:00:00Z");
        assertThat(NIGHTLY.newestFire(BERLIN, since, Instant.parse("2026-12-04T13:00:00Z")))
                .isEqualTo(Instant.parse("2026-12-04T02:00:00Z"));
    }

    @Test
    void anOutageOfMonthsStillEndsAtTheNewestFire() {
        Instant since = Instant.parse("2026-01-01T02:00:00Z");
        assertThat(NIGHTLY.newestFire(BERLIN, since, Instant.parse("2026-12-04T13:00:00Z")))
                .isEqualTo(Instant.parse("2026-12-04T02:00:00Z"));
    }

    @Test
    void aMonthlyCronLongMissedIsStillDue() {
        CronSpec monthly = CronSpec.parse("0 3 1 * *");
        Instant since = Instant.parse("2026-10-01T01:00:00Z");
        assertThat(monthly.newestFire(BERLIN, since, Instant.parse("2026-11-20T13:00:00Z")))
                .isEqualTo(Instant.parse("2026-11-01T02:00:00Z"));
    }
}
