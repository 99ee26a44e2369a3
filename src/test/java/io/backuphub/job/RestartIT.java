package io.backuphub.job;

import static io.backuphub.testing.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.backuphub.testing.Files2;
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
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged hub on a PostgreSQL catalog, killed with SIGKILL in the middle of a backup and started
 * again: the interrupted job is failed with the reason, its partial write is swept, the delayed
 * job is still queued for the same time, and a full store fails the next backup cleanly.
 */
class RestartIT {

    private static final String KEY = "restart-test-admin-key-0123456789abcdef";
    private static PostgresCluster postgres;
    private static Path work;
    private static PackagedHub hub;
    private static int port;

    @BeforeAll
    static void start() throws IOException {
        postgres = PostgresCluster.start();
        TestData.seed(postgres);
        postgres.createDatabase("hubcatalog");
        work = Files.createTempDirectory("hub-restart-");
        Files.writeString(work.resolve("pg-password"), PostgresCluster.PASSWORD + "\n");
        Files.writeString(work.resolve("targets.yaml"), """
                targets:
                  - id: big
                    engine: postgres
                    environment: production
                    transport: {type: local}
                    database: {host: 127.0.0.1, port: %d, user: postgres, passwordFile: %s, name: %s}
                    compressionLevel: 19
                """.formatted(postgres.port(), work.resolve("pg-password"), TestData.BIG_DB));
        port = Processes.freePort();
    }

    @AfterAll
    static void stop() {
        if (hub != null) {
            hub.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        Files2.deleteTree(work);
    }

    @Test
    void crashMidBackupThenRestart() throws Exception {
        hub = startHub(0);
        assertThat(api().get("/q/health/ready").then().statusCode(200).extract().jsonPath()
                .getString("checks.find { it.name == 'catalog' }.data.database")).isEqualTo("PostgreSQL");

        String delayed = api().contentType("application/json").body("{\"delay\":\"PT1H\"}")
                .post("/api/v1/targets/big/backups").then().statusCode(202).extract().path("id");
        String delayedDue = job(delayed).getString("scheduledFor");
        String running = api().contentType("application/json").body("{}")
                .post("/api/v1/targets/big/backups").then().statusCode(202).extract().path("id");
        await().atMost(Duration.ofMinutes(1)).until(() -> {
            JsonPath j = job(running);
            return "running".equals(j.getString("status")) && j.get("bytes") != null && j.getLong("bytes") > 0;
        });
        assertThat(Files2.listFiles(work.resolve("data/backups/.partial"))).hasSize(1);

        hub.kill();
        long free = Files.getFileStore(work).getUsableSpace();
        hub = startHub(free + (1L << 40));

        JsonPath interrupted = job(running);
        assertThat(interrupted.getString("status")).isEqualTo("failed");
        assertThat(interrupted.getString("error")).contains("stopped while the job was running");
        JsonPath stillQueued = job(delayed);
        assertThat(stillQueued.getString("status")).isEqualTo("queued");
        assertThat(stillQueued.getString("scheduledFor")).isEqualTo(delayedDue);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Files2.listFiles(work.resolve("data/backups/.partial")).isEmpty());

        // A full store: the hub stays ready (people must be able to see why), the store is down on
        // /q/health/well, and a backup fails with the reason, leaving nothing behind.
        api().get("/q/health/ready").then().statusCode(200);
        assertThat(api().get("/q/health/well").then().statusCode(503).extract().jsonPath()
                .getString("checks.find { it.name == 'stores' }.data.local")).contains("is full");
        String full = api().contentType("application/json").body("{}").post("/api/v1/targets/big/backups")
                .then().statusCode(202).extract().path("id");
        await().atMost(Duration.ofMinutes(1)).until(() -> "failed".equals(job(full).getString("status")));
        assertThat(job(full).getString("error")).contains("is full").contains("reserve");
        assertThat(api().get("/api/v1/artifacts?targetId=big").then().extract().jsonPath().getList("items")).isEmpty();
        assertThat(Files2.listFiles(work.resolve("data/backups"))).as("nothing but the store's marker")
                .containsExactly(".backup-hub/store.json");

        api().delete("/api/v1/jobs/" + delayed).then().statusCode(200);
    }

    private static PackagedHub startHub(long reserveBytes) throws IOException {
        return PackagedHub.start(postgres, "hubcatalog", port, KEY, Map.of(
                "hub.data.dir", work.resolve("data").toString(),
                "hub.targets.file", work.resolve("targets.yaml").toString(),
                "hub.schedules.file", work.resolve("schedules.yaml").toString(),
                "hub.instance-id", "restart-test",
                "hub.jobs.heartbeat-interval", "1s",
                "hub.jobs.poll-interval", "200ms",
                "hub.jobs.stale-after", "5s",
                "hub.store.abandoned-after", "5s",
                "hub.store.sweep-interval", "2s",
                "hub.store.local.reserve-bytes", Long.toString(reserveBytes)), work.resolve("hub.log"));
    }

    private static RequestSpecification api() {
        return hub.api();
    }

    private static JsonPath job(String id) {
        return hub.job(id);
    }
}
