package io.backuphub.ops;

import static io.backuphub.testing.Waits.await;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.backuphub.testing.Files2;
import io.backuphub.testing.HttpReceiver;
import io.backuphub.testing.PackagedHub;
import io.backuphub.testing.PostgresCluster;
import io.backuphub.testing.Processes;
import io.backuphub.testing.TestData;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two packaged hubs sharing one PostgreSQL catalog and one store, as replicas do on Kubernetes:
 * schedules created on either run on both, every fire becomes exactly one backup (Quartz clustering;
 * a second fire would show as a duplicate job or a schedule.missed event), and every event reaches its
 * channel once although both replicas deliver from the same outbox. The claim that makes delivery
 * once-only under contention is hammered in NotificationTest.
 */
class ReplicasIT {

    private static final String KEY = "replicas-test-admin-key-0123456789abcdef";
    private static final List<String> TARGETS = List.of("alpha", "beta", "gamma");
    private static PostgresCluster postgres;
    private static HttpReceiver receiver;
    private static Path work;
    private static final List<PackagedHub> hubs = new ArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        postgres = PostgresCluster.start();
        TestData.seed(postgres);
        postgres.createDatabase("hubcatalog");
        receiver = HttpReceiver.start();
        work = Files.createTempDirectory("hub-replicas-");
        Files.writeString(work.resolve("pg-password"), PostgresCluster.PASSWORD + "\n");
        Files.writeString(work.resolve("hook-secret"), "replica-hook-secret\n");
        StringBuilder targets = new StringBuilder("targets:\n");
        for (String id : TARGETS) {
            targets.append("""
                      - id: %s
                        engine: postgres
                        environment: production
                        transport: {type: local}
                        database: {host: 127.0.0.1, port: %d, user: postgres, passwordFile: %s, name: orders}
                    """.formatted(id, postgres.port(), work.resolve("pg-password")));
        }
        Files.writeString(work.resolve("targets.yaml"), targets.toString());
        Files.writeString(work.resolve("notifications.yaml"), """
                channels:
                  - {id: hook, type: webhook, url: "%s", secretFile: %s}
                rules:
                  - events: [backup.succeeded, backup.failed, schedule.missed]
                    channels: [hook]
                """.formatted(receiver.url("/events"), work.resolve("hook-secret")));
        for (String replica : List.of("replica-a", "replica-b")) {
            Map<String, String> settings = new HashMap<>();
            settings.put("hub.instance-id", replica);
            settings.put("hub.data.dir", work.resolve(replica).toString());
            settings.put("hub.store.local.dir", work.resolve("shared-store").toString());
            settings.put("hub.targets.file", work.resolve("targets.yaml").toString());
            settings.put("hub.schedules.file", work.resolve("schedules.yaml").toString());
            settings.put("hub.notifications.file", work.resolve("notifications.yaml").toString());
            settings.put("hub.notifications.poll-interval", "100ms");
            settings.put("hub.jobs.poll-interval", "200ms");
            settings.put("hub.schedules.min-interval", "1m");
            hubs.add(PackagedHub.start(postgres, "hubcatalog", Processes.freePort(), KEY, settings,
                    work.resolve(replica + ".log")));
        }
    }

    @AfterAll
    static void stop() {
        hubs.forEach(PackagedHub::close);
        if (receiver != null) {
            receiver.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        Files2.deleteTree(work);
    }

    @Test
    void eachFireRunsOnceAndEachEventIsSentOnce() {
        PackagedHub a = hubs.get(0);
        PackagedHub b = hubs.get(1);
        Map<String, String> scheduleOf = new HashMap<>();
        for (int i = 0; i < TARGETS.size(); i++) {
            // Created on one replica or the other: they share the schedules and the Quartz store.
            PackagedHub via = hubs.get(i % 2);
            String id = via.api().contentType("application/json")
                    .body("{\"targetId\":\"" + TARGETS.get(i) + "\",\"cron\":\"* * * * *\"}")
                    .post("/api/v1/schedules").then().statusCode(201).extract().path("id");
            scheduleOf.put(TARGETS.get(i), id);
        }

        // Two fires of each schedule, all backed up.
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(2)).until(() -> TARGETS.stream()
                .allMatch(t -> scheduledJobs(b, t).stream().filter(j -> "succeeded".equals(j.get("status")))
                        .count() >= 2));

        for (String target : TARGETS) {
            List<Map<String, Object>> jobs = scheduledJobs(a, target);
            // One job per fire: no two jobs of a schedule within the same minute.
            List<Instant> minutes = jobs.stream()
                    .map(j -> Instant.parse((String) j.get("createdAt")).truncatedTo(ChronoUnit.MINUTES)).toList();
            assertThat(minutes).as("fire minutes of %s", target).doesNotHaveDuplicates();
            assertThat(jobs).allSatisfy(j -> assertThat(j.get("triggerRef")).isEqualTo(scheduleOf.get(target)));
        }

        // Either replica's view of the targets (one LATERAL lookup for all targets on this catalog) names
        // each target's newest finished backup, as the jobs list says it (before or after: schedules go on).
        for (PackagedHub hub : hubs) {
            for (String target : TARGETS) {
                String before = newestBackup(hub, target);
                String shown = hub.api().get("/api/v1/targets").then().statusCode(200).extract().jsonPath()
                        .getString("items.find { it.id == '" + target + "' }.lastBackup.id");
                assertThat(shown).as("last backup of %s", target).isIn(before, newestBackup(hub, target));
            }
        }

        // Each finished job announced exactly once, although both replicas deliver from the same outbox.
        List<String> finished = TARGETS.stream().flatMap(t -> scheduledJobs(a, t).stream())
                .filter(j -> List.of("succeeded", "failed").contains(j.get("status")))
                .map(j -> (String) j.get("id")).toList();
        await().atMost(Duration.ofSeconds(30)).until(() -> finished.stream().allMatch(id -> sentFor(id) >= 1));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> finished.stream().allMatch(id -> sentFor(id) == 1));
        // A second replica never fired a schedule twice: a duplicate fire would be skipped as missed.
        assertThat(receiver.received("/events")).noneMatch(r -> r.body().contains("\"event\":\"schedule.missed\""));
    }

    /**
     * A key made on one replica works on the other; rotated there with a grace, both secrets work on
     * both; revoked there, it is refused here within 5 seconds, although this replica had it cached.
     */
    @Test
    void aKeyRevokedOnOneReplicaIsRefusedOnTheOtherWithinFiveSeconds() {
        PackagedHub a = hubs.get(0);
        PackagedHub b = hubs.get(1);
        JsonPath created = a.api().body("{\"name\":\"replicated\",\"role\":\"viewer\"}").post("/api/v1/keys")
                .then().statusCode(201).extract().jsonPath();
        String id = created.getString("id");
        String first = created.getString("secret");
        as(b, first).get("/api/v1/targets").then().statusCode(200);

        String second = b.api().body("{\"graceSeconds\":600}").post("/api/v1/keys/" + id + "/rotate").then()
                .statusCode(200).extract().path("secret");
        for (PackagedHub hub : hubs) {
            as(hub, first).get("/api/v1/me").then().statusCode(200);
            as(hub, second).get("/api/v1/me").then().statusCode(200).body("principal", equalTo("key:replicated"));
        }

        a.api().delete("/api/v1/keys/" + id).then().statusCode(204);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            as(b, second).get("/api/v1/targets").then().statusCode(401).body("detail", containsString("revoked"));
            as(b, first).get("/api/v1/targets").then().statusCode(401);
        });
    }

    private static RequestSpecification as(PackagedHub hub, String secret) {
        return given().port(hub.port()).header("X-API-Key", secret).contentType("application/json");
    }

    private static String newestBackup(PackagedHub hub, String target) {
        List<Map<String, Object>> jobs = hub.api().queryParam("targetId", target).queryParam("kind", "backup")
                .queryParam("limit", 20).get("/api/v1/jobs").then().statusCode(200).extract().jsonPath()
                .getList("items");
        return jobs.stream().filter(j -> List.of("succeeded", "partial", "failed").contains(j.get("status")))
                .map(j -> (String) j.get("id")).findFirst().orElse(null);
    }

    private static long sentFor(String jobId) {
        return receiver.received("/events").stream().filter(r -> r.body().contains("\"jobId\":\"" + jobId + "\""))
                .count();
    }

    private static List<Map<String, Object>> scheduledJobs(PackagedHub hub, String target) {
        JsonPath page = hub.api().queryParam("targetId", target).queryParam("limit", 100).get("/api/v1/jobs")
                .then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> jobs = page.getList("items");
        return jobs.stream().filter(j -> "schedule".equals(j.get("trigger"))).toList();
    }
}
