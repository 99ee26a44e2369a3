package io.backuphub.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class CronSpecTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void unixQuartzAndPresetsAreAccepted() {
        assertThat(CronSpec.parse("0 2 * * *").quartz()).isEqualTo("0 0 2 * * ? *");
        assertThat(CronSpec.parse("*/15 * * * 1-5").quartz()).startsWith("0 */15 * ? * 2-6");
        assertThat(CronSpec.parse("0 0 2 ? * SUN").quartz()).isEqualTo("0 0 2 ? * SUN");
        assertThat(CronSpec.parse("daily-0200").quartz()).isEqualTo("0 0 2 * * ?");
        assertThat(CronSpec.parse("weekly-sunday-0200").nextFireTimes(BERLIN, Instant.parse("2026-11-28T00:00:00Z"), 1))
                .containsExactly(Instant.parse("2026-11-29T01:00:00Z"));
    }

    @Test
    void badExpressionsSayWhy() {
        assertThatThrownBy(() -> CronSpec.parse("61 2 * * *")).hasMessageContaining("not a valid Unix cron");
        assertThatThrownBy(() -> CronSpec.parse("0 2 * *")).hasMessageContaining("must have 5 fields");
        assertThatThrownBy(() -> CronSpec.parse("every day")).hasMessageContaining("must have 5 fields");
        assertThatThrownBy(() -> CronSpec.parse("0 0 25 * * ?")).hasMessageContaining("not a valid cron");
        assertThatThrownBy(() -> CronSpec.parse(" ")).hasMessageContaining("is required");
    }

    @Test
    void springForwardStillRunsTheNightlyBackup() {
        // 2027-03-28 in Berlin: 02:00 CET jumps to 03:00 CEST; 02:00 and 02:30 do not exist that night.
        assertThat(local(CronSpec.parse("0 2 * * *"), "2027-03-26T12:00:00Z", 3)).containsExactly(
                "2027-03-27T02:00+01:00", "2027-03-28T03:00+02:00", "2027-03-29T02:00+02:00");
        assertThat(local(CronSpec.parse("30 2 * * *"), "2027-03-27T12:00:00Z", 2)).containsExactly(
                "2027-03-28T03:30+02:00", "2027-03-29T02:30+02:00");
        // Hourly: the skipped hour does not produce two runs at 03:00.
        assertThat(local(CronSpec.parse("0 * * * *"), "2027-03-28T00:30:00Z", 3)).containsExactly(
                "2027-03-28T03:00+02:00", "2027-03-28T04:00+02:00", "2027-03-28T05:00+02:00");
    }

    @Test
    void fallBackRunsOnceInTheRepeatedHour() {
        // 2026-10-25 in Berlin: 03:00 CEST goes back to 02:00 CET; 02:00-02:59 happen twice.
        assertThat(local(CronSpec.parse("30 2 * * *"), "2026-10-24T12:00:00Z", 2)).containsExactly(
                "2026-10-25T02:30+02:00", "2026-10-26T02:30+01:00");
        assertThat(local(CronSpec.parse("0 * * * *"), "2026-10-24T23:30:00Z", 4)).containsExactly(
                "2026-10-25T02:00+02:00", "2026-10-25T03:00+01:00", "2026-10-25T04:00+01:00", "2026-10-25T05:00+01:00");
    }

    private static List<String> local(CronSpec spec, String from, int count) {
        return spec.nextFireTimes(BERLIN, Instant.parse(from), count).stream()
                .map(i -> ZonedDateTime.ofInstant(i, BERLIN).toOffsetDateTime().toString())
                .toList();
    }
}
