package io.backuphub.restore;

import static io.backuphub.testing.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.backuphub.common.Json;
import io.backuphub.testing.Files2;
import io.backuphub.testing.PackagedHub;
import io.backuphub.testing.PostgresCluster;
import io.backuphub.testing.Processes;
import io.backuphub.testing.TestData;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hub's own catalog is lost with no copy of it (its files deleted while the store survives): the
 * hub starts on a new catalog, which takes nothing on its own (a new hub pointed at another hub's
 * bucket must never take its backups) but says how; told to adopt the old catalog's id, it lists the
 * artifacts again, verifies them, and restores them, as if nothing had happened.
 */
class LostCatalogIT {

    private static final String KEY = "lost-catalog-admin-key-0123456789";
    private static PostgresCluster postgres;
    private static Path work;

    @BeforeAll
    static void start() throws Exception {
        work = Files.createTempDirectory("hub-lost-catalog-");
        postgres = PostgresCluster.start();
        TestData.ledger(postgres, work, 3000);
    }

    @AfterAll
    static void stop() {
        if (postgres != null) {
            postgres.close();
        }
        Files2.deleteTree(work);
    }

    @Test
    void aHubWhoseCatalogIsGoneListsVerifiesAndRestoresEveryBackupAgain() throws Exception {
        Path data = work.resolve("data");
        Map<String, String> settings = Map.of("hub.data.dir", data.toString(),
                "hub.targets.file", work.resolve("targets.yaml").toString(),
                "hub.schedules.file", work.resolve("none.yaml").toString(),
                "hub.notifications.file", work.resolve("none.yaml").toString(),
                "hub.verify.pg-restore", postgres.bin() + "/pg_restore",
                "hub.jobs.poll-interval", "200ms");
        String artifactId;
        try (PackagedHub hub = PackagedHub.start(Processes.freePort(), KEY, settings, work.resolve("hub-1.log"))) {
            String jobId = hub.api().body("{}").post("/api/v1/targets/ledger/backups").then().statusCode(202)
                    .extract().path("id");
            JsonPath job = await().atMost(Duration.ofMinutes(2)).until(() -> hub.job(jobId),
                    j -> "succeeded".equals(j.getString("status")) && "verified".equals(j.getString("verification")));
            artifactId = job.getString("artifactId");
            hub.terminate(Duration.ofSeconds(30));
        }
        try (Stream<Path> files = Files.list(data)) {
            for (Path catalog : files.filter(f -> f.getFileName().toString().startsWith("catalog.")).toList()) {
                Files.delete(catalog);
            }
        }

        try (PackagedHub hub = PackagedHub.start(Processes.freePort(), KEY, settings, work.resolve("hub-2.log"))) {
            String lost = Json.MAPPER.readTree(data.resolve("backups/.backup-hub/store.json").toFile()).get("catalogId")
                    .asText();
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(work.resolve("hub-2.log"))
                    .contains("POST /api/v1/store/adopt"));
            hub.api().get("/api/v1/artifacts/" + artifactId).then().statusCode(404);
            hub.api().body("{\"catalogId\":\"" + lost + "\"}").post("/api/v1/store/adopt").then().statusCode(200)
                    .body("added", org.hamcrest.Matchers.equalTo(1));
            JsonPath artifact = await().atMost(Duration.ofMinutes(2)).until(
                    () -> hub.api().get("/api/v1/artifacts/" + artifactId).then().extract().jsonPath(),
                    a -> "verified".equals(a.getString("verification")));
            assertThat(artifact.getString("targetId")).isEqualTo("ledger");
            assertThat(artifact.getList("fingerprint.tables")).hasSize(1);
            hub.api().post("/api/v1/store/rescan").then().statusCode(200)
                    .body("added", org.hamcrest.Matchers.equalTo(0));
            // A catalog with backups of its own never takes another's id.
            hub.api().body("{\"catalogId\":\"" + lost + "\"}").post("/api/v1/store/adopt").then().statusCode(409);

            String body = "{\"database\":\"ledger_back\"}";
            String token = hub.api().body(body).post("/api/v1/artifacts/" + artifactId + "/restores/preview").then()
                    .statusCode(200).extract().path("confirm");
            String restoreId = hub.api().body("{\"database\":\"ledger_back\",\"confirm\":\"" + token + "\"}")
                    .post("/api/v1/artifacts/" + artifactId + "/restores").then().statusCode(202).extract().path("id");
            JsonPath restore = await().atMost(Duration.ofMinutes(2)).until(() -> hub.job(restoreId),
                    j -> !"queued".equals(j.getString("status")) && !"running".equals(j.getString("status")));
            assertThat(restore.getString("status")).as("restore error: %s", restore.getString("error"))
                    .isEqualTo("succeeded");
            assertThat(postgres.fingerprint("ledger_back")).isEqualTo(postgres.fingerprint("ledger"));
        }
    }
}
