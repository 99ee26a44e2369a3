package io.backuphub.schedule;

import static io.backuphub.testing.HubApi.api;
import static io.backuphub.testing.HubApi.awaitFinished;
import static io.backuphub.testing.HubApi.requestBackup;
import static io.backuphub.testing.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import io.backuphub.catalog.Db;
import io.backuphub.testing.HubTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.quartz.Scheduler;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;

/** Recurring backups through the API and schedules.yaml, fired by Quartz from the catalog. */
@QuarkusTest
@QuarkusTestResource(value = HubTestResource.class, restrictToAnnotatedClass = false)
class ScheduleTest {

    @Inject Db db;

    @Inject Scheduler scheduler;

    @Inject ProducerTemplate producer;

    private static String create(String json) {
        return api().contentType("application/json").body(json).post("/api/v1/schedules")
                .then().statusCode(201).header("Location", startsWith("/api/v1/schedules/")).extract().path("id");
    }

    @Test
    void createShowsTheNextFiveFireTimesInTheScheduleZone() {
        String id = create("{\"targetId\":\"orders-local\",\"cron\":\"0 2 * * *\",\"timezone\":\"Europe/Berlin\"}");
        JsonPath s = api().get("/api/v1/schedules/" + id).then().statusCode(200).extract().jsonPath();
        assertThat(s.getString("source")).isEqualTo("api");
        assertThat(s.getString("quartzCron")).isEqualTo("0 0 2 * * ? *");
        assertThat(s.getString("description")).isEqualTo("every day at 02:00 Europe/Berlin");
        assertThat(s.getString("state")).isEqualTo("active");
        List<String> next = s.getList("nextFireTimes");
        assertThat(next).hasSize(5).allMatch(t -> t.matches("\\d{4}-\\d\\d-\\d\\dT02:00\\+0[12]:00"));
        assertThat(OffsetDateTime.parse(next.get(0)).toInstant()).isAfter(Instant.now());

        api().post("/api/v1/schedules/" + id + "/pause").then().statusCode(200)
                .body("enabled", equalTo(false)).body("state", equalTo("paused")).body("nextFireTimes", hasSize(0));
        api().post("/api/v1/schedules/" + id + "/resume").then().statusCode(200).body("nextFireTimes", hasSize(5));
        api().contentType("application/json").body("{\"targetId\":\"orders-local\",\"cron\":\"weekly-sunday-0200\"}")
                .put("/api/v1/schedules/" + id).then().statusCode(200)
                .body("cron", equalTo("weekly-sunday-0200")).body("timezone", equalTo("UTC"));
        api().delete("/api/v1/schedules/" + id).then().statusCode(204);
        api().get("/api/v1/schedules/" + id).then().statusCode(404);
    }

    @Test
    void badCronZoneOrTargetAre400NamingTheField() {
        api().contentType("application/json")
                .body("{\"targetId\":\"nope\",\"cron\":\"0 25 * * *\",\"timezone\":\"Mars/Olympus\"}")
                .post("/api/v1/schedules").then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("errors", hasItem(startsWith("targetId: no target \"nope\"")))
                .body("errors", hasItem(startsWith("cron: is not a valid")))
                .body("errors", hasItem(startsWith("timezone: unknown IANA time zone")));
        api().contentType("application/json").body("{\"targetId\":\"orders\",\"cron\":\"0 2 * *\"}")
                .post("/api/v1/schedules").then().statusCode(400)
                .body("detail", startsWith("cron: must have 5 fields"));
        api().contentType("application/json")
                .body("{\"targetId\":\"orders\",\"cron\":\"0 2 * * *\",\"timezone\":\"UTC\",\"oops\":1}")
                .post("/api/v1/schedules").then().statusCode(400);
    }

    /**
     * The trigger is set for the cron's next time; rather than wait for that minute on the wall clock,
     * the test moves the fire to now: Quartz fires it as it would then.
     */
    @Test
    void aScheduleFiresABackupMarkedAsScheduled() throws Exception {
        String id = create("{\"targetId\":\"orders-local\",\"cron\":\"* * * * *\",\"timezone\":\"UTC\"}");
        TriggerKey key = TriggerKey.triggerKey(id, ScheduleTriggers.GROUP);
        try {
            Instant due = scheduler.getTrigger(key).getNextFireTime().toInstant();
            assertThat(due).isAfter(Instant.now().minusSeconds(1)).isBefore(Instant.now().plusSeconds(61));
            assertThat(due.getEpochSecond() % 60).as("on the minute").isZero();
            scheduler.rescheduleJob(key, TriggerBuilder.newTrigger().withIdentity(key).forJob(ScheduleTriggers.JOB)
                    .startAt(new Date()).build());

            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> api().get("/api/v1/schedules/" + id).then().extract().path("lastRun") != null);
            JsonPath lastRun = api().get("/api/v1/schedules/" + id).then().extract().jsonPath();
            String jobId = lastRun.getString("lastRun.id");
            JsonPath job = awaitFinished(jobId, Duration.ofMinutes(2));
            assertThat(job.getString("trigger")).isEqualTo("schedule");
            assertThat(job.getString("triggerRef")).isEqualTo(id);
            assertThat(job.getString("triggeredBy")).isEqualTo("schedule:" + id);
            assertThat(job.getString("status")).isEqualTo("succeeded");
            assertThat(lastRun.getString("lastFireNote")).startsWith("queued job " + jobId);
        } finally {
            deleteAndAwaitItsBackups(id);
        }
    }

    @Test
    void missedFiresRunOnceWhenTheHubIsBack() throws Exception {
        // Nightly, with the trigger put back three days, as if no hub had run since: three missed fires.
        String id = create("{\"targetId\":\"orders-local\",\"cron\":\"0 2 * * *\",\"timezone\":\"UTC\"}");
        try {
            scheduler.rescheduleJob(TriggerKey.triggerKey(id, ScheduleTriggers.GROUP), TriggerBuilder.newTrigger()
                    .withIdentity(id, ScheduleTriggers.GROUP).forJob(ScheduleTriggers.JOB)
                    .startAt(Date.from(Instant.now().minus(Duration.ofDays(3))))
                    .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
                    .build());
            // Quartz's misfire handler looks every hub.schedules.misfire-threshold (3 s in the tests).
            await().atMost(Duration.ofSeconds(20)).until(() -> jobsOf(id) == 1);
            // ...and only once: the next fire is in the future again.
            Date next = scheduler.getTrigger(TriggerKey.triggerKey(id, ScheduleTriggers.GROUP)).getNextFireTime();
            assertThat(next.toInstant()).isAfter(Instant.now().minusSeconds(1));
            assertThat(next.toInstant()).isAfter(Instant.now().plusSeconds(60));
            assertThat(jobsOf(id)).as("one backup for three missed fires").isEqualTo(1);
        } finally {
            deleteAndAwaitItsBackups(id);
        }
    }

    @Test
    void aScheduleNeverFiresMoreOftenThanTheMinimumInterval() throws Exception {
        // hub.schedules.min-interval is 1m here (5m by default).
        api().body("{\"targetId\":\"orders-local\",\"cron\":\"0/1 * * * * ?\"}").post("/api/v1/schedules")
                .then().statusCode(400).body("detail", containsString("fires PT1S apart"))
                .body("detail", containsString("hub.schedules.min-interval"));
        api().body("{\"targetId\":\"orders-local\",\"cron\":\"0/30 * * * * ?\"}").post("/api/v1/schedules")
                .then().statusCode(400).body("detail", containsString("fires PT30S apart"));
        // A schedule stored before the rule (here: changed behind the API's back) still fires at most that often.
        String id = create("{\"targetId\":\"orders-local\",\"cron\":\"0 2 * * *\",\"timezone\":\"UTC\"}");
        TriggerKey key = TriggerKey.triggerKey(id, ScheduleTriggers.GROUP);
        try {
            db.update("UPDATE schedules SET cron = ?, quartz_cron = ? WHERE id = ?", "0/1 * * * * ?", "0/1 * * * * ?",
                    id);
            scheduler.rescheduleJob(key, TriggerBuilder.newTrigger().withIdentity(key).forJob(ScheduleTriggers.JOB)
                    .startAt(new Date())
                    .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
                    .build());
            await().atMost(Duration.ofSeconds(30)).until(() -> jobsOf(id) == 1);
            Instant firstFire = Instant.now();
            await().atMost(Duration.ofSeconds(10)).until(() -> scheduler.getTrigger(key) != null);
            Date next = scheduler.getTrigger(key).getNextFireTime();
            assertThat(next.toInstant()).isAfter(firstFire.plusSeconds(50));
            assertThat(jobsOf(id)).isEqualTo(1);
        } finally {
            deleteAndAwaitItsBackups(id);
        }
    }

    @Test
    void aFireWhileTheTargetIsStillBackingUpIsSkipped() {
        String id = create("{\"targetId\":\"medium\",\"cron\":\"0 3 1 1 *\",\"timezone\":\"UTC\"}");
        String running = requestBackup("medium");
        await().atMost(Duration.ofMinutes(1))
                .until(() -> "running".equals(api().get("/api/v1/jobs/" + running).then().extract().path("status")));
        producer.sendBody("direct:fire-schedule", new ScheduleFirer.ScheduleFire(id, Instant.now(), Instant.now()));
        assertThat(jobsOf(id)).isZero();
        api().get("/api/v1/schedules/" + id).then().statusCode(200)
                .body("lastFireNote", equalTo("skipped: a backup of medium is still queued or running"));
        awaitFinished(running, Duration.ofMinutes(2));
        api().delete("/api/v1/schedules/" + id).then().statusCode(204);
    }

    @Test
    void schedulesFileIsAppliedAndOwnsItsSchedules() throws Exception {
        Files.writeString(HubTestResource.schedulesFile(), """
                schedules:
                  - id: nightly-orders
                    targetId: orders
                    cron: daily-0200
                    timezone: Europe/Berlin
                """);
        api().post("/api/v1/schedules/reload").then().statusCode(200).body("schedules", equalTo(1));
        api().get("/api/v1/schedules/nightly-orders").then().statusCode(200).body("source", equalTo("file"))
                .body("nextFireTimes", hasSize(5));
        api().contentType("application/json").body("{\"targetId\":\"orders\",\"cron\":\"hourly\"}")
                .put("/api/v1/schedules/nightly-orders").then().statusCode(409);
        api().post("/api/v1/schedules/nightly-orders/pause").then().statusCode(409);

        // An invalid file changes nothing and says why.
        Files.writeString(HubTestResource.schedulesFile(), """
                schedules:
                  - id: nightly-orders
                    targetId: orders
                    cron: "0 2 * * * * * *"
                """);
        api().post("/api/v1/schedules/reload").then().statusCode(422)
                .body("errors", hasItem(startsWith("schedules[0].cron: must have 5 fields")));
        api().get("/api/v1/schedules/nightly-orders").then().statusCode(200).body("cron", equalTo("daily-0200"));

        // The file is watched: a change applies without a call.
        Files.writeString(HubTestResource.schedulesFile(), """
                schedules:
                  - id: nightly-orders
                    targetId: orders
                    cron: "30 1 * * *"
                    timezone: Europe/Berlin
                """);
        await().atMost(Duration.ofSeconds(10)).until(
                () -> "30 1 * * *".equals(api().get("/api/v1/schedules/nightly-orders").then().extract().path("cron")));
        Files.writeString(HubTestResource.schedulesFile(), "schedules: []\n");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> api().get("/api/v1/schedules/nightly-orders").then().extract().statusCode() == 404);
    }

    /** Paused is not the same as fine: a target whose only schedule is paused needs attention, and says why. */
    @Test
    void aTargetWhoseOnlyScheduleIsPausedSaysSo() {
        String id = create("{\"targetId\":\"orders-archive\",\"cron\":\"0 3 * * *\"}");
        try {
            assertThat(api().get("/api/v1/targets/orders-archive").then().extract().path("health.reason").toString())
                    .doesNotContain("paused");
            api().post("/api/v1/schedules/" + id + "/pause").then().statusCode(200);
            JsonPath target = api().get("/api/v1/targets/orders-archive").then().statusCode(200).extract().jsonPath();
            assertThat(target.getString("health.status")).isNotEqualTo("green");
            assertThat(target.getString("health.reason")).contains("its schedule is paused");
        } finally {
            api().delete("/api/v1/schedules/" + id).then().statusCode(204);
        }
    }

    /** The shipped example schedule beside a user's own targets: reported on the schedule and in health, not fatal. */
    @Test
    void aFileScheduleForAnUndeclaredTargetIsReportedAndDoesNotStopTheHub() throws Exception {
        Files.writeString(HubTestResource.schedulesFile(), """
                schedules:
                  - id: example-nightly
                    targetId: example
                    cron: "0 2 * * *"
                """);
        try {
            api().post("/api/v1/schedules/reload").then().statusCode(200).body("schedules", equalTo(1));
            api().get("/api/v1/schedules/example-nightly").then().statusCode(200)
                    .body("problem", containsString("no target example is declared"))
                    .body("state", equalTo("target-missing")).body("nextFireTimes", hasSize(0));
            api().get("/q/health/well").then()
                    .body("checks.find { it.name == 'schedules' }.data.notFiring", containsString("example-nightly"));
        } finally {
            Files.writeString(HubTestResource.schedulesFile(), "schedules: []\n");
            api().post("/api/v1/schedules/reload").then().statusCode(200);
        }
    }

    @Test
    void tenThousandSchedulesPageThroughTheApi() throws Exception {
        Instant now = Instant.now();
        db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO schedules (id, target_id, cron, quartz_cron,"
                    + " timezone, enabled, source, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?)")) {
                for (int i = 0; i < 10_000; i++) {
                    ps.setString(1, String.format("bulk-%05d", i));
                    ps.setString(2, "orders");
                    ps.setString(3, "0 2 * * *");
                    ps.setString(4, "0 0 2 * * ? *");
                    ps.setString(5, "UTC");
                    ps.setBoolean(6, false);
                    ps.setString(7, "api");
                    ps.setObject(8, now.atOffset(ZoneOffset.UTC));
                    ps.setObject(9, now.atOffset(ZoneOffset.UTC));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
        try {
            Set<String> seen = new HashSet<>();
            String cursor = null;
            int pages = 0;
            do {
                var request = api().queryParam("targetId", "orders").queryParam("limit", 500);
                if (cursor != null) {
                    request.queryParam("cursor", cursor);
                }
                JsonPath page = request.get("/api/v1/schedules").then().statusCode(200).extract().jsonPath();
                page.getList("items.id", String.class).forEach(seen::add);
                cursor = page.getString("nextCursor");
                pages++;
            } while (cursor != null);
            assertThat(seen.stream().filter(s -> s.startsWith("bulk-"))).hasSize(10_000);
            assertThat(pages).isBetween(20, 22);
        } finally {
            db.update("DELETE FROM schedules WHERE id LIKE 'bulk-%'");
        }
    }

    /** Deletes the schedule and waits for the backups it fired to end: the next test finds the target idle. */
    private void deleteAndAwaitItsBackups(String scheduleId) {
        api().delete("/api/v1/schedules/" + scheduleId).then().statusCode(204);
        await().atMost(Duration.ofMinutes(2)).until(() -> db.queryOne("SELECT COUNT(*) FROM jobs WHERE trigger_ref = ?"
                + " AND status IN ('queued', 'running')", rs -> rs.getLong(1), scheduleId).orElse(0L) == 0);
    }

    private long jobsOf(String scheduleId) {
        return db.queryOne("SELECT COUNT(*) FROM jobs WHERE trigger_ref = ?", rs -> rs.getLong(1), scheduleId)
                .orElse(0L);
    }
}
