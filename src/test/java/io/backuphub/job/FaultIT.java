package io.backuphub.job;

import static io.backuphub.testing.Waits.await;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.backuphub.common.HookSignature;
import io.backuphub.testing.Files2;
import io.backuphub.testing.PackagedHub;
import io.backuphub.testing.PostgresCluster;
import io.backuphub.testing.Processes;
import io.backuphub.testing.TestData;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged hub under the faults only a real process meets: SIGKILL right after it answered 202
 * (the answer must mean the job is on disk), and SIGTERM while a tool hangs (it must still stop).
 */
class FaultIT {

    private static final String KEY = "fault-test-admin-key-0123456789abcdefgh";
    private static final int KILLS = 20;
    private static PostgresCluster postgres;
    private static Path work;

    @BeforeAll
    static void start() throws Exception {
        postgres = PostgresCluster.start();
        TestData.seed(postgres);
        postgres.createDatabase("hubcatalog");
        work = Files.createTempDirectory("hub-faults-");
        Files.writeString(work.resolve("pg-password"), PostgresCluster.PASSWORD + "\n");
        Files.writeString(work.resolve("targets.yaml"), """
                targets:
                  - id: stuck
                    engine: postgres
                    environment: faults
                    transport: {type: local}
                    database: {host: 127.0.0.1, port: %d, user: postgres, passwordFile: %s, name: %s}
                  - id: unreachable
                    engine: postgres
                    environment: faults
                    transport: {type: local}
                    database: {host: 127.0.0.1, port: %d, user: postgres, passwordFile: %s, name: x}
                """.formatted(postgres.port(), work.resolve("pg-password"), TestData.LOCKABLE_DB,
                Processes.freePort(), work.resolve("pg-password")));
    }

    @AfterAll
    static void stop() {
        if (postgres != null) {
            postgres.close();
        }
        Files2.deleteTree(work);
    }

    /**
     * A backup request (API) and a CI delivery (webhook), each answered 202, then SIGKILL at once, 20
     * times over on the embedded H2 catalog: every job and every audit row is there after the restart.
     */
    @Test
    void a202SurvivesAKillRightAfterIt() throws Exception {
        int port = Processes.freePort();
        Map<String, String> settings = settings("data");
        Path log = work.resolve("kill.log");
        String hookId;
        String hookSecret;
        List<String> accepted = new ArrayList<>();
        try (PackagedHub hub = PackagedHub.start(port, KEY, settings, log)) {
            JsonPath hook = hub.api()
                    .body("{\"name\":\"ci\",\"allowedActions\":[\"backup\"],\"allowedTargets\":[\"*\"],"
                            + "\"ratePerHour\":3600}")
                    .post("/api/v1/webhooks").then().statusCode(201).extract().jsonPath();
            hookId = hook.getString("id");
            hookSecret = hook.getString("secret");
        }
        for (int round = 0; round < KILLS; round++) {
            PackagedHub hub = PackagedHub.start(port, KEY, settings, log);
            checkDurable(hub, accepted);
            accepted.add(hub.api().body("{\"delay\":\"PT30M\"}").post("/api/v1/targets/unreachable/backups")
                    .then().statusCode(202).extract().path("id"));
            accepted.add(deliver(port, hookId, hookSecret, "round-" + round));
            hub.kill(); // within milliseconds of the second 202
        }
        try (PackagedHub hub = PackagedHub.start(port, KEY, settings, log)) {
            checkDurable(hub, accepted);
        }
        assertThat(accepted).hasSize(2 * KILLS);
    }

    private static void checkDurable(PackagedHub hub, List<String> accepted) {
        List<String> audited = hub.api().queryParam("limit", 500).get("/api/v1/audit").then().statusCode(200)
                .extract().jsonPath().getList("items.detail", String.class);
        for (String jobId : accepted) {
            hub.api().get("/api/v1/jobs/" + jobId).then().statusCode(200);
            assertThat(audited).as("the audit row of job " + jobId).anyMatch(d -> d != null && d.contains(jobId));
        }
    }

    private static String deliver(int port, String hookId, String secret, String delivery) {
        String body = "{\"action\":\"backup\",\"target\":\"unreachable\"}";
        String ts = Long.toString(Instant.now().getEpochSecond());
        return given().port(port).contentType("application/json")
                .header(HookSignature.TIMESTAMP, ts)
                .header(HookSignature.DELIVERY, delivery)
                .header(HookSignature.SIGNATURE,
                        HookSignature.sign(secret, ts, delivery, body.getBytes(StandardCharsets.UTF_8)))
                .body(body).post("/hooks/" + hookId)
                .then().statusCode(202).extract().path("jobId");
    }

    /** SIGTERM while pg_dump waits for a lock for ever: the hub kills it, records why, and exits in time. */
    @Test
    void sigtermStopsTheHubWhileAToolHangs() throws Exception {
        int port = Processes.freePort();
        Map<String, String> settings = settings("pg-data");
        Path log = work.resolve("sigterm.log");
        String jobId;
        try (Connection lock = TestData.holdLock(postgres)) {
            PackagedHub hub = PackagedHub.start(postgres, "hubcatalog", port, KEY, settings, log);
            jobId = hub.api().body("{}").post("/api/v1/targets/stuck/backups").then().statusCode(202).extract()
                    .path("id");
            await().atMost(Duration.ofSeconds(30)).until(() -> !pgDumpsOf(hub.process()).isEmpty());
            List<ProcessHandle> tools = pgDumpsOf(hub.process());

            assertThat(hub.terminate(Duration.ofSeconds(40))).as("the hub exits on SIGTERM within its shutdown timeout")
                    .isTrue();
            assertThat(tools).as("pg_dump killed, not orphaned").noneMatch(ProcessHandle::isAlive);
        }
        try (PackagedHub hub = PackagedHub.start(postgres, "hubcatalog", port, KEY, settings, log)) {
            JsonPath job = hub.job(jobId);
            assertThat(job.getString("status")).isEqualTo("failed");
            assertThat(job.getString("error")).contains("the hub is shutting down");
        }
    }

    /** The hub's files in the work folder; no schedules or notifications. */
    private static Map<String, String> settings(String dataDir) {
        return Map.of(
                "hub.data.dir", work.resolve(dataDir).toString(),
                "hub.targets.file", work.resolve("targets.yaml").toString(),
                "hub.schedules.file", work.resolve("none.yaml").toString(),
                "hub.notifications.file", work.resolve("none.yaml").toString(),
                "quarkus.log.console.json.enabled", "false");
    }

    private static List<ProcessHandle> pgDumpsOf(ProcessHandle hub) {
        return hub.descendants()
                .filter(p -> p.info().commandLine().map(c -> c.contains("--dbname=" + TestData.LOCKABLE_DB))
                        .orElse(false))
                .toList();
    }
}
