package io.backuphub.restore;

import static io.backuphub.testing.HubApi.api;
import static io.backuphub.testing.HubApi.awaitFinished;
import static io.backuphub.testing.HubApi.verifiedBackup;
import static io.backuphub.testing.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.backuphub.testing.HubTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.RandomAccessFile;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Restore drills against real servers: the newest verified backup restored into the scratch server,
 * compared, dropped, RTO and RPO on record and in metrics; a drill that fails turns the target amber
 * and says why; the drill cron queues one drill per fire.
 */
@QuarkusTest
@QuarkusTestResource(value = HubTestResource.class, restrictToAnnotatedClass = false)
class DrillTest {

    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);

    @Inject DrillScheduler scheduler;
    @Inject DrillRepository drillRecords;
    @Inject io.backuphub.job.JobQueue queue;

    @Test
    void aDrillRestoresTheNewestVerifiedBackupAndRecordsRtoAndRpo() throws Exception {
        String artifactId = verifiedBackup("restore-src");
        JsonPath job = awaitFinished(runDrill("restore-src"), JOB_TIMEOUT);
        assertThat(job.getString("status")).as("job error: %s", job.getString("error")).isEqualTo("succeeded");
        assertThat(job.getString("kind")).isEqualTo("drill");
        assertThat(job.getString("targetId")).isEqualTo("restore-scratch");

        JsonPath drill = drills("restore-src");
        assertThat(drill.getString("items[0].status")).isEqualTo("succeeded");
        assertThat(drill.getString("items[0].artifactId")).isEqualTo(artifactId);
        assertThat(drill.getDouble("items[0].rtoSeconds")).isPositive();
        assertThat(drill.getLong("items[0].rpoSeconds")).isBetween(0L, 600L);
        assertThat(drill.getLong("items[0].worstGapSeconds")).isNotNegative();
        assertThat(drill.getList("items[0].differences")).isNull();
        assertThat(scratchDatabases()).isEmpty();

        JsonPath target = api().get("/api/v1/targets/restore-src").then().statusCode(200).extract().jsonPath();
        assertThat(target.getString("lastDrill.status")).isEqualTo("succeeded");
        assertThat(target.getString("health.status")).as(target.getString("health.reason")).isEqualTo("green");
        String metrics = api().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).containsPattern("backup_hub_drill_rto_seconds\\{target=\"restore-src\"\\} [0-9.]+")
                .contains("backup_hub_drill_last_success{target=\"restore-src\"} 1.0");
    }

    @Test
    void aFailedDrillTurnsTheTargetAmberAndSaysWhy() throws Exception {
        String artifactId = verifiedBackup("drill-broken");
        String key = api().get("/api/v1/artifacts/" + artifactId).then().extract().path("key");
        try (RandomAccessFile file = new RandomAccessFile(HubTestResource.storeDir().resolve(key).toFile(), "rw")) {
            file.seek(file.length() / 2);
            file.write(0x55);
            file.write(0xAA);
        }
        JsonPath job = awaitFinished(runDrill("drill-broken"), JOB_TIMEOUT);
        assertThat(job.getString("status")).isEqualTo("failed");

        JsonPath drill = drills("drill-broken");
        assertThat(drill.getString("items[0].status")).isEqualTo("failed");
        assertThat(drill.getString("items[0].error")).isNotBlank();
        assertThat(scratchDatabases()).isEmpty();
        JsonPath target = api().get("/api/v1/targets/drill-broken").then().statusCode(200).extract().jsonPath();
        assertThat(target.getString("health.status")).isEqualTo("yellow");
        assertThat(target.getString("health.reason")).contains("last restore drill failed");
        await().atMost(Duration.ofSeconds(30)).until(() -> HubTestResource.receiver().received("/hook").stream()
                .anyMatch(r -> r.body().contains("\"event\":\"drill.failed\"")
                        && r.body().contains("\"targetId\":\"drill-broken\"")));
    }

    /** A drill whose job was cancelled before it ran says so, and does not block the next one. */
    @Test
    void aDrillCancelledBeforeItRanDoesNotBlockTheNext() {
        verifiedBackup("restore-src");
        String jobId = io.backuphub.common.Ids.next();
        Instant now = Instant.now();
        drillRecords.insert("restore-src", "restore-scratch", jobId, null, now);
        queue.enqueueAs(new io.backuphub.job.JobOrder("restore-scratch", io.backuphub.job.JobKind.DRILL,
                Map.of("source", "restore-src"), now.plus(Duration.ofHours(1)), io.backuphub.job.JobTrigger.API,
                "restore-src", "admin", null), jobId);
        api().post("/api/v1/targets/restore-src/drills").then().statusCode(409);

        api().delete("/api/v1/jobs/" + jobId).then().statusCode(200);
        assertThat(drills("restore-src").getString("items.find { it.jobId == '" + jobId + "' }.status"))
                .isEqualTo("cancelled");
        JsonPath next = awaitFinished(runDrill("restore-src"), JOB_TIMEOUT);
        assertThat(next.getString("status")).as("job error: %s", next.getString("error")).isEqualTo("succeeded");
    }

    @Test
    void theDrillCronQueuesOneDrillPerFire() {
        Instant later = Instant.now().plus(Duration.ofDays(2));
        assertThat(scheduler.queueDue(later)).isGreaterThanOrEqualTo(1);
        assertThat(scheduler.queueDue(later)).as("a pending drill is not queued twice").isZero();
        JsonPath drill = drills("restore-src");
        List<Map<String, Object>> items = drill.getList("items");
        Map<String, Object> scheduled = items.stream().filter(d -> d.get("dueAt") != null).findFirst().orElseThrow();
        // "0 3 * * *" in Europe/Berlin: 02:00 or 01:00 UTC.
        assertThat((String) scheduled.get("dueAt")).matches(".*T0[12]:00:00Z");
        await().atMost(JOB_TIMEOUT).until(() -> drills("restore-src").getList("items.status").stream()
                .noneMatch(s -> "queued".equals(s) || "running".equals(s)));
        await().atMost(JOB_TIMEOUT).until(() -> drills("drill-broken").getList("items.status").stream()
                .noneMatch(s -> "queued".equals(s) || "running".equals(s)));
    }

    private static String runDrill(String targetId) {
        return api().post("/api/v1/targets/" + targetId + "/drills").then().statusCode(202).extract().path("id");
    }

    private static JsonPath drills(String targetId) {
        return api().get("/api/v1/targets/" + targetId + "/drills").then().statusCode(200).extract().jsonPath();
    }

    private static List<String> scratchDatabases() throws Exception {
        List<String> names = new java.util.ArrayList<>();
        try (Connection c = HubTestResource.destination().connect("postgres");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE 'hub_drill_%'")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }
}
