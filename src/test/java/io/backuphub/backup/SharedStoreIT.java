package io.backuphub.backup;

import static io.backuphub.testing.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.backuphub.common.Json;
import io.backuphub.store.ObjectKeys;
import io.backuphub.testing.Files2;
import io.backuphub.testing.PackagedHub;
import io.backuphub.testing.PostgresCluster;
import io.backuphub.testing.Processes;
import io.backuphub.testing.S3Server;
import io.backuphub.testing.TestData;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Packaged hubs around one store, as they meet in production: two hubs with catalogs of their own
 * share a store folder (each keeps the other's backups, and says the store is shared), one of them
 * with a store it cannot write (it stays ready, and says which store and why), and a catalog restored
 * from an older copy of itself (the backups made since come back from their manifests, and nothing is
 * deleted). The sweeps run every second meanwhile.
 */
class SharedStoreIT {

    private static final String KEY = "shared-store-admin-key-0123456789abcdef";
    private static PostgresCluster postgres;
    private static S3Server s3;
    private static Path work;

    @BeforeAll
    static void start() throws Exception {
        work = Files.createTempDirectory("hub-shared-store-");
        postgres = PostgresCluster.start();
        TestData.ledger(postgres, work, 2000);
        s3 = S3Server.start();
        s3.createBucket("reachable");
        Files.writeString(work.resolve("wrong-secret"), "not-the-secret\n");
        Files.writeString(work.resolve("broken-stores.yaml"), """
                stores:
                  - id: broken
                    type: s3
                    bucket: reachable
                    endpoint: %s
                    region: us-east-1
                    pathStyle: true
                    accessKeyFile: %s
                    secretKeyFile: %s
                """.formatted(s3.endpoint(), s3.accessKeyFile(), work.resolve("wrong-secret")));
    }

    @AfterAll
    static void stop() {
        if (s3 != null) {
            s3.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        Files2.deleteTree(work);
    }

    @Test
    void twoCatalogsOnOneStoreKeepEachOthersBackupsAndSaySo() throws Exception {
        Path shared = work.resolve("shared-store");
        Map<String, String> a = settings("a", shared);
        Map<String, String> b = new LinkedHashMap<>(settings("b", shared));
        b.put("hub.stores.file", work.resolve("broken-stores.yaml").toString());
        try (PackagedHub first = PackagedHub.start(Processes.freePort(), KEY, a, work.resolve("a.log"));
                PackagedHub second = PackagedHub.start(Processes.freePort(), KEY, b, work.resolve("b.log"))) {
            JsonPath ofA = backup(first);
            JsonPath ofB = backup(second);
            Thread.sleep(4000); // several sweeps and rescans on both

            for (JsonPath artifact : List.of(ofA, ofB)) {
                assertThat(shared.resolve(artifact.getString("key"))).exists();
                assertThat(shared.resolve(ObjectKeys.manifestKey(artifact.getString("key")))).exists();
            }
            first.api().get("/api/v1/artifacts/" + ofB.getString("id")).then().statusCode(404);
            second.api().get("/api/v1/artifacts/" + ofA.getString("id")).then().statusCode(404);
            first.api().get("/api/v1/artifacts/" + ofA.getString("id")).then().statusCode(200);

            String catalogA = Json.MAPPER.readTree(shared.resolve(".backup-hub/store.json").toFile()).get("catalogId")
                    .asText();
            String catalogB = Json.MAPPER.readTree(shared.resolve(ObjectKeys.manifestKey(ofB.getString("key")))
                    .toFile()).get("catalogId").asText();
            assertThat(catalogB).isNotEqualTo(catalogA);
            // The second hub says the store is shared; the first lists the second's backup as unknown.
            List<Map<String, Object>> storesOfB = second.api().get("/api/v1/stores").then().statusCode(200).extract()
                    .jsonPath().getList("");
            assertThat(storesOfB).anySatisfy(s -> {
                assertThat(s.get("id")).isEqualTo("local");
                assertThat(s.get("sharedWithCatalog")).isEqualTo(catalogA);
            });
            assertThat(second.api().get("/q/health/well").then().extract().jsonPath()
                    .getString("checks.find { it.name == 'stores' }.data.local")).contains("shared with catalog "
                            + catalogA);
            List<Map<String, Object>> unknownToA = first.api().queryParam("store", "local")
                    .get("/api/v1/store/unknown").then().statusCode(200).extract().jsonPath().getList("[0].items");
            assertThat(unknownToA).anySatisfy(o -> {
                assertThat(o.get("key")).isEqualTo(ofB.getString("key"));
                assertThat(o.get("catalogId")).isEqualTo(catalogB);
            });

            // A store it cannot write takes the second hub out of nothing: ready, the store down with the reason.
            second.api().get("/q/health/ready").then().statusCode(200);
            assertThat(storesOfB).anySatisfy(s -> {
                assertThat(s.get("id")).isEqualTo("broken");
                assertThat(s.get("state")).isEqualTo("down");
                assertThat((String) s.get("reason")).contains("S3: cannot write to bucket reachable");
            });
            second.api().get("/q/health/well").then().statusCode(503);
            io.restassured.RestAssured.given().port(second.port()).get("/q/health/ready").then().statusCode(200);
        }
    }

    @Test
    void aCatalogRestoredFromAnOlderCopyGetsTheLaterBackupsBack() throws Exception {
        Map<String, String> settings = settings("c", work.resolve("c-store"));
        Path catalog = work.resolve("data-c").resolve("catalog.mv.db");
        String before;
        try (PackagedHub hub = PackagedHub.start(Processes.freePort(), KEY, settings, work.resolve("c.log"))) {
            before = backup(hub).getString("id");
            assertThat(hub.terminate(Duration.ofSeconds(30))).isTrue();
        }
        Path older = work.resolve("catalog-copy.mv.db");
        Files.copy(catalog, older);
        String later;
        String laterKey;
        try (PackagedHub hub = PackagedHub.start(Processes.freePort(), KEY, settings, work.resolve("c.log"))) {
            JsonPath made = backup(hub);
            later = made.getString("id");
            laterKey = made.getString("key");
            assertThat(hub.terminate(Duration.ofSeconds(30))).isTrue();
        }
        Files.copy(older, catalog, StandardCopyOption.REPLACE_EXISTING);

        try (PackagedHub hub = PackagedHub.start(Processes.freePort(), KEY, settings, work.resolve("c.log"))) {
            JsonPath back = await().atMost(Duration.ofMinutes(2)).until(
                    () -> hub.api().get("/api/v1/artifacts/" + later).then().extract().jsonPath(),
                    artifact -> "verified".equals(artifact.getString("verification")));
            assertThat(back.getString("key")).isEqualTo(laterKey);
            hub.api().body("{\"keepLast\": 5}").put("/api/v1/targets/ledger/retention").then().statusCode(200);
            hub.api().post("/api/v1/targets/ledger/retention/apply").then().statusCode(200);
            Thread.sleep(3000); // sweeps and rescans meanwhile
            for (String id : List.of(before, later)) {
                String key = hub.api().get("/api/v1/artifacts/" + id).then().statusCode(200).extract().path("key");
                assertThat(work.resolve("c-store").resolve(key)).exists();
            }
        }
    }

    /** A backup of ledger, verified; its artifact. */
    private static JsonPath backup(PackagedHub hub) {
        String jobId = hub.api().body("{}").post("/api/v1/targets/ledger/backups").then().statusCode(202).extract()
                .path("id");
        JsonPath job = await().atMost(Duration.ofMinutes(2)).until(() -> hub.job(jobId),
                j -> "succeeded".equals(j.getString("status")) && "verified".equals(j.getString("verification")));
        return hub.api().get("/api/v1/artifacts/" + job.getString("artifactId")).then().statusCode(200).extract()
                .jsonPath();
    }

    /** A hub of its own (data folder, H2 catalog) whose local store is {@code store}; the sweeps every second. */
    private static Map<String, String> settings(String name, Path store) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("hub.data.dir", work.resolve("data-" + name).toString());
        settings.put("hub.store.local.dir", store.toString());
        settings.put("hub.targets.file", work.resolve("targets.yaml").toString());
        settings.put("hub.schedules.file", work.resolve("none.yaml").toString());
        settings.put("hub.notifications.file", work.resolve("none.yaml").toString());
        settings.put("hub.stores.file", work.resolve("none.yaml").toString());
        settings.put("hub.verify.pg-restore", postgres.bin() + "/pg_restore");
        settings.put("hub.jobs.poll-interval", "200ms");
        settings.put("hub.store.sweep-interval", "1s");
        settings.put("hub.store.abandoned-after", "1s");
        settings.put("hub.store.rescan-interval", "1s");
        settings.put("hub.store.check-interval", "1s");
        settings.put("quarkus.log.console.json.enabled", "false");
        return settings;
    }
}
