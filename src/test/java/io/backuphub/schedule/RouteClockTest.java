package io.backuphub.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.backuphub.testing.HubTestResource;
import io.backuphub.testing.Waits;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.ZoneId;
import org.apache.camel.CamelContext;
import org.apache.camel.api.management.ManagedCamelContext;
import org.junit.jupiter.api.Test;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.TriggerKey;

/**
 * The hub's own timed routes (retention sweep, digests, pruning) fire on the schedules' next-fire
 * logic: on the night clocks go forward, a time that does not exist runs after the jump that same
 * night. (Quartz's zoned CronTrigger, which sweep-retention used before, skips to the next day.)
 */
@QuarkusTest
@QuarkusTestResource(value = HubTestResource.class, restrictToAnnotatedClass = false)
class RouteClockTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Inject RouteClock clock;
    @Inject Scheduler scheduler;
    @Inject CamelContext camel;

    @Test
    void aSweepDueInTheSkippedHourRunsThatNight() throws Exception {
        try {
            // 2027-03-28 02:30 does not exist in Berlin (02:00 CET -> 03:00 CEST).
            clock.every("dst-probe", "30 2 * * *", BERLIN, Instant.parse("2027-03-27T12:00:00Z"));
            assertThat(nextFire()).isEqualTo(Instant.parse("2027-03-28T01:30:00Z")); // 03:30 CEST, same night
            // And on the night clocks go back, 02:30 (which happens twice) runs once, at its first occurrence.
            clock.every("dst-probe", "30 2 * * *", BERLIN, Instant.parse("2027-10-30T12:00:00Z"));
            assertThat(nextFire()).isEqualTo(Instant.parse("2027-10-31T00:30:00Z")); // 02:30 CEST
        } finally {
            scheduler.deleteJob(JobKey.jobKey("dst-probe", RouteClock.GROUP));
        }
    }

    /** A clock: route's fire (here asked of Quartz at once) runs the route; its next fire is set again. */
    @Test
    void aClockFireRunsItsRoute() throws Exception {
        var route = camel.getCamelContextExtension().getContextPlugin(ManagedCamelContext.class)
                .getManagedRoute("prune-history");
        long before = route.getExchangesTotal();
        scheduler.triggerJob(JobKey.jobKey("prune-history", RouteClock.GROUP));
        Waits.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> route.getExchangesTotal() > before);
        assertThat(route.getExchangesFailed()).isZero();
        assertThat(scheduler.getTrigger(TriggerKey.triggerKey("prune-history", RouteClock.GROUP)).getNextFireTime()
                .toInstant()).isAfter(Instant.now());
    }

    private Instant nextFire() throws Exception {
        return scheduler.getTrigger(TriggerKey.triggerKey("dst-probe", RouteClock.GROUP)).getNextFireTime().toInstant();
    }
}
