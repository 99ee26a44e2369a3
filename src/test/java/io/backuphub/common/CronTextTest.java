package io.backuphub.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Schedules read as people say them, whichever way they were written. */
class CronTextTest {

    private static String say(String cron) {
        return CronText.describe(CronSpec.parse(cron));
    }

    @Test
    void dailyWeeklyAndMonthlyTimesAreSaidPlainly() {
        assertThat(say("0 2 * * *")).isEqualTo("every day at 02:00");
        assertThat(say("daily-0200")).isEqualTo("every day at 02:00");
        assertThat(say("30 23 * * 1-5")).isEqualTo("on weekdays at 23:30");
        assertThat(say("0 2 * * 0")).isEqualTo("every Sunday at 02:00");
        assertThat(say("0 2 * * 1,4")).isEqualTo("on Monday and Thursday at 02:00");
        assertThat(say("15 4 1 * *")).isEqualTo("on day 1 of every month at 04:15");
    }

    @Test
    void repeatingSchedulesSayHowOften() {
        assertThat(say("0 * * * *")).isEqualTo("every hour, on the hour");
        assertThat(say("5 */6 * * *")).isEqualTo("every 6 hours at minute 5");
        assertThat(say("*/15 * * * *")).isEqualTo("every 15 minutes");
    }

    @Test
    void otherShapesFallBackToADescriptionNotTheRawExpression() {
        assertThat(say("0 2 1-7 * *")).isNotBlank().isNotEqualTo("0 2 1-7 * *").contains("02:00");
    }
}
