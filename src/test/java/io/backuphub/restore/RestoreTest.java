package io.backuphub.restore;

import static io.backuphub.testing.HubApi.api;
import static io.backuphub.testing.HubApi.awaitFinished;
import static io.backuphub.testing.HubApi.verifiedBackup;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.backuphub.auth.ApiKeyRepository;
import io.backuphub.catalog.SealedSecrets;
import io.backuphub.testing.HubTestResource;
import io.backuphub.testing.PostgresCluster;
import io.backuphub.testing.TestData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Restores as a person does them, through the API, from a real PostgreSQL server into another one
 * reached over OpenSSH: preview, confirm, and the restored database proven equal to the source, by
 * the hub's fingerprint and independently row by row. Every refusal answers its problem and changes
 * nothing; a replace that fails half-way leaves the live database as it was.
 */
@QuarkusTest
@QuarkusTestResource(value = HubTestResource.class, restrictToAnnotatedClass = false)
class RestoreTest {

    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);

    @Inject SealedSecrets sealed;
    @Inject ApiKeyRepository keys;

    @Test
    void verificationFingerprintsEveryTableOfTheDump() {
        JsonPath artifact = artifact(verifiedBackup("restore-src"));
        Map<String, String> source = HubTestResource.postgres().fingerprint(TestData.RESTORE_SOURCE_DB);
        List<Map<String, Object>> tables = artifact.getList("fingerprint.tables");
        // Partitioned parents hold no rows of their own: their partitions are fingerprinted.
        assertThat(tables).extracting(t -> t.get("name")).containsExactlyInAnyOrder("public.\"Odd Name\"",
                "public.empty_one", "public.events_2026", "public.events_2027", "public.readings");
        for (Map<String, Object> table : tables) {
            String name = ((String) table.get("name")).replace("\"", "");
            assertThat(source.get(name)).as(name).startsWith(((Number) table.get("rows")).longValue() + " rows");
            assertThat((String) table.get("checksum")).matches("[0-9a-f]{16}");
        }
    }

    @Test
    void aRestoreIntoANewDatabaseOnAnotherServerEqualsTheSource() throws Exception {
        String artifactId = verifiedBackup("restore-src");
        JsonPath plan = preview(artifactId, "{\"targetId\":\"restore-dest\"}").statusCode(200).extract().jsonPath();
        String database = plan.getString("destination.database");
        assertThat(database).matches(TestData.RESTORE_SOURCE_DB + "_restored_\\d{12}");
        assertThat(plan.getBoolean("destination.exists")).isFalse();
        assertThat(plan.getString("mode")).isEqualTo("new");
        assertThat(plan.getBoolean("safetyBackup")).isFalse();
        assertThat(plan.getString("source.verification")).isEqualTo("verified");
        assertThat(plan.getString("versions.destinationServer")).isNotBlank();
        assertThat(plan.getString("versions.dumpServer")).isNotBlank();
        assertThat(plan.getString("confirmExpiresAt")).isNotBlank();

        JsonPath job = awaitFinished(restore(artifactId, "{\"targetId\":\"restore-dest\",\"confirm\":\""
                + plan.getString("confirm") + "\"}").statusCode(202).extract().path("id"), JOB_TIMEOUT);
        assertThat(job.getString("status")).as("job error: %s", job.getString("error")).isEqualTo("succeeded");
        assertThat(job.getString("kind")).isEqualTo("restore");
        assertThat(job.getString("targetId")).isEqualTo("restore-dest");
        assertThat(job.getLong("bytes")).isPositive();

        assertThat(HubTestResource.destination().fingerprint(database))
                .isEqualTo(HubTestResource.postgres().fingerprint(TestData.RESTORE_SOURCE_DB));
        List<String> audited = auditActions("artifact/" + artifactId);
        assertThat(audited).contains("restore.preview succeeded", "restore.request accepted");
    }

    @Test
    void everyRefusalAnswersItsProblemAndRestoresNothing() throws Exception {
        String artifactId = verifiedBackup("restore-src");
        List<String> before = databases(HubTestResource.destination());
        String body = "{\"targetId\":\"restore-dest\",\"database\":\"refused_db\"";
        String token = preview(artifactId, body + "}").statusCode(200).extract().path("confirm");

        restore(artifactId, body + "}").statusCode(409)
                .body("type", equalTo("urn:backup-hub:problem:restore-confirmation"))
                .body("detail", containsString("preview"));
        restore(artifactId, body + ",\"confirm\":\"" + token.substring(0, token.length() - 4) + "AAA=\"}")
                .statusCode(409).body("detail", containsString("does not match"));
        restore(artifactId, "{\"targetId\":\"restore-dest\",\"database\":\"other_db\",\"confirm\":\"" + token + "\"}")
                .statusCode(409).body("detail", containsString("issued for database refused_db"));
        restore(artifactId, "{\"targetId\":\"restore-no-replace\",\"database\":\"refused_db\",\"confirm\":\""
                + token + "\"}").statusCode(409).body("detail", containsString("does not match"));
        String credential = keys.find(HubTestResource.ADMIN_KEY).orElseThrow().credential();
        String expired = sealed.seal(Instant.now().minusSeconds(1).getEpochSecond() + "|refused_db|false|true",
                "restore|" + artifactId + "|restore-dest|new|" + credential).substring("sealed:v1:".length());
        restore(artifactId, body + ",\"confirm\":\"" + expired + "\"}").statusCode(409)
                .body("detail", containsString("expired"));

        preview(artifactId, "{\"targetId\":\"restore-no-replace\",\"mode\":\"replace\"}").statusCode(409)
                .body("detail", containsString("allowReplace"));
        // Whoever may restore owns the database: a restorer kept to staging cannot even name production's target.
        String stagingRestorer = api().contentType("application/json").body("{\"name\":\"staging-restorer-"
                + System.nanoTime() + "\",\"role\":\"restorer\",\"environments\":[\"staging\"]}")
                .post("/api/v1/keys").then().statusCode(201).extract().path("secret");
        given().header("X-API-Key", stagingRestorer).contentType("application/json")
                .body("{\"targetId\":\"restore-prod\"}").post("/api/v1/artifacts/" + artifactId + "/restores/preview")
                .then().statusCode(400).body("detail", containsString("no target \"restore-prod\""));
        preview(artifactId, "{\"targetId\":\"restore-dest\",\"database\":\"" + TestData.RESTORE_LIVE_DB + "\"}")
                .statusCode(409).body("detail", containsString("already exists"));
        preview(artifactId, "{\"targetId\":\"restore-dest\",\"mode\":\"replace\",\"database\":\"elsewhere\"}")
                .statusCode(400).body("detail", containsString("own database"));
        preview(artifactId, "{\"mode\":\"merge\"}").statusCode(400).body("detail", containsString("new or replace"));
        preview(artifactId, "{\"database\":\"x; DROP DATABASE y\"}").statusCode(400);
        preview(artifactId, "{\"targetId\":\"nope\"}").statusCode(400).body("detail", containsString("no target"));
        preview(artifactId, "{\"surprise\":1}").statusCode(400).body("detail", containsString("surprise"));
        preview(io.backuphub.common.Ids.next(), "{}").statusCode(404);

        assertThat(databases(HubTestResource.destination())).isEqualTo(before);
        assertThat(auditActions("artifact/" + artifactId)).contains("restore.request refused",
                "restore.preview refused");
    }

    @Test
    void aReplaceBacksUpFirstSwapsInTheCheckedCopyAndKeepsTheOldDatabase() throws Exception {
        PostgresCluster dest = HubTestResource.destination();
        Map<String, String> live = dest.fingerprint(TestData.RESTORE_LIVE_DB);
        String artifactId = verifiedBackup("restore-src");

        // First a replace that cannot succeed: the artifact is corrupted in the store half-way through.
        String broken = verifiedBackup("restore-src");
        corrupt(HubTestResource.storeDir().resolve(artifact(broken).getString("key")));
        JsonPath failed = awaitFinished(
                confirmedRestore(broken, "{\"targetId\":\"restore-dest\",\"mode\":\"replace\"}"),
                JOB_TIMEOUT);
        assertThat(failed.getString("status")).isEqualTo("failed");
        assertThat(dest.fingerprint(TestData.RESTORE_LIVE_DB)).as("live data untouched").isEqualTo(live);
        assertThat(databases(dest)).noneMatch(d -> d.contains("_restoring_") || d.contains("_before_restore_"));

        // A confirm token starts one restore: the same POST again (a double click, a retried request) is
        // refused, and only one safety backup and one swap happen.
        String body = "{\"targetId\":\"restore-dest\",\"mode\":\"replace\"";
        String token = preview(artifactId, body + "}").statusCode(200).extract().path("confirm");
        String confirmed = body + ",\"confirm\":\"" + token + "\"}";
        String jobId = restore(artifactId, confirmed).statusCode(202).extract().path("id");
        restore(artifactId, confirmed).statusCode(409)
                .body("type", equalTo("urn:backup-hub:problem:restore-confirmation"))
                .body("detail", containsString("already started a restore"));
        JsonPath job = awaitFinished(jobId, JOB_TIMEOUT);
        assertThat(job.getString("status")).as("job error: %s", job.getString("error")).isEqualTo("succeeded");
        restore(artifactId, confirmed).statusCode(409).body("detail", containsString("already started a restore"));
        assertThat(dest.fingerprint(TestData.RESTORE_LIVE_DB))
                .isEqualTo(HubTestResource.postgres().fingerprint(TestData.RESTORE_SOURCE_DB));
        List<String> kept = databases(dest).stream().filter(d -> d.startsWith(TestData.RESTORE_LIVE_DB
                + "_before_restore_")).toList();
        assertThat(kept).hasSize(1);
        assertThat(dest.fingerprint(kept.get(0))).as("the previous database, kept").isEqualTo(live);

        List<Map<String, Object>> safety = api().queryParam("targetId", "restore-dest").queryParam("kind", "backup")
                .get("/api/v1/jobs").then().statusCode(200).extract().jsonPath().getList("items");
        assertThat(safety).anySatisfy(b -> {
            assertThat(b.get("trigger")).isEqualTo("restore");
            assertThat(b.get("triggerRef")).isEqualTo(job.getString("id"));
            assertThat(b.get("status")).isEqualTo("succeeded");
            assertThat(b.get("verification")).isEqualTo("verified");
        });
    }

    /** docs/restore.md's commands, run as written on an encrypted artifact, give back every row. */
    @Test
    void theByHandCommandsOfTheDocsRestoreAnEncryptedArtifact() throws Exception {
        String artifactId = verifiedBackup("orders-age");
        JsonPath artifact = artifact(artifactId);
        Path object = java.nio.file.Files.createTempFile("hub-by-hand-", ".pgdump.zst.age");
        try {
            io.backuphub.testing.HubApi.download(artifactId, object);
            String docs = java.nio.file.Files.readString(Path.of("docs/restore.md"));
            String block = docs.substring(docs.indexOf("<!-- restore-by-hand"));
            block = block.substring(block.indexOf("```sh\n") + 6, block.indexOf("\n```", block.indexOf("```sh")));
            PostgresCluster dest = HubTestResource.destination();
            io.backuphub.testing.Processes.run(List.of("bash", "-euo", "pipefail", "-c", block), Map.of(
                    "OBJECT", object.toString(),
                    "SHA256", artifact.getString("manifest.object.sha256"),
                    "IDENTITY_FILE", HubTestResource.ageIdentity().toString(),
                    "NEW_DATABASE", "orders_by_hand",
                    "PGHOST", "127.0.0.1", "PGPORT", Integer.toString(dest.port()),
                    "PGUSER", PostgresCluster.SUPERUSER, "PGPASSWORD", PostgresCluster.PASSWORD,
                    "PATH", dest.bin() + ":" + System.getenv("PATH")), null);
        } finally {
            java.nio.file.Files.deleteIfExists(object);
        }
        assertThat(HubTestResource.destination().fingerprint("orders_by_hand"))
                .isEqualTo(HubTestResource.postgres().fingerprint("orders"));
    }

    /** pg_restore killed half-way: the restore fails saying so, and the database it was filling is dropped. */
    @Test
    void aKilledPgRestoreFailsTheRestoreAndLeavesNothingBehind() throws Exception {
        String artifactId = verifiedBackup("big");
        String jobId = confirmedRestore(artifactId, "{\"targetId\":\"restore-dest\",\"database\":\"killed_restore\"}");
        io.backuphub.testing.Waits.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> ProcessHandle.allProcesses().filter(p -> p.info().commandLine()
                        .filter(c -> c.contains("pg_restore") && c.contains("--dbname=killed_restore")).isPresent())
                        .peek(ProcessHandle::destroyForcibly).count() > 0);
        JsonPath job = awaitFinished(jobId, JOB_TIMEOUT);
        assertThat(job.getString("status")).isEqualTo("failed");
        assertThat(job.getString("error")).contains("pg_restore");
        assertThat(databases(HubTestResource.destination())).doesNotContain("killed_restore");
    }

    /**
     * A replace cancelled while its safety backup waits on a lock: the restore ends cancelled, the
     * safety backup is stopped with it, and the live database is as it was, with nothing left beside it.
     */
    @Test
    void aCancelledReplaceLeavesTheLiveDatabaseAsItWas() throws Exception {
        PostgresCluster dest = HubTestResource.destination();
        String artifactId = verifiedBackup("restore-src");
        // The live database's content depends on which restores ran before: lock a table of our own.
        dest.execute(TestData.RESTORE_LIVE_DB, "CREATE TABLE IF NOT EXISTS cancel_guard (id int)");
        Map<String, String> live = dest.fingerprint(TestData.RESTORE_LIVE_DB);
        List<String> before = databases(dest);
        String jobId;
        try (Connection lock = dest.connect(TestData.RESTORE_LIVE_DB)) {
            lock.setAutoCommit(false);
            try (Statement s = lock.createStatement()) {
                s.execute("LOCK TABLE cancel_guard IN ACCESS EXCLUSIVE MODE");
            }
            jobId = confirmedRestore(artifactId, "{\"targetId\":\"restore-dest\",\"mode\":\"replace\"}");
            io.backuphub.testing.Waits.await().atMost(Duration.ofSeconds(60)).until(() -> api()
                    .queryParam("targetId", "restore-dest").queryParam("kind", "backup").queryParam("status", "running")
                    .get("/api/v1/jobs").then().extract().jsonPath().getList("items").size() == 1);
            api().delete("/api/v1/artifacts/" + artifactId).then().statusCode(409)
                    .body("detail", containsString("being restored"));
            api().delete("/api/v1/jobs/" + jobId).then().statusCode(202);
            JsonPath job = awaitFinished(jobId, JOB_TIMEOUT);
            assertThat(job.getString("status")).isEqualTo("cancelled");
            lock.rollback();
        }
        List<Map<String, Object>> safety = api().queryParam("targetId", "restore-dest").queryParam("kind", "backup")
                .get("/api/v1/jobs").then().statusCode(200).extract().jsonPath().getList("items");
        assertThat(safety).filteredOn(b -> jobId.equals(b.get("triggerRef")))
                .singleElement().satisfies(b -> assertThat(b.get("status")).isNotEqualTo("succeeded")
                        .isNotEqualTo("running"));
        assertThat(dest.fingerprint(TestData.RESTORE_LIVE_DB)).isEqualTo(live);
        assertThat(databases(dest)).isEqualTo(before);
    }

    private static JsonPath artifact(String id) {
        return api().get("/api/v1/artifacts/" + id).then().statusCode(200).extract().jsonPath();
    }

    private static io.restassured.response.ValidatableResponse preview(String artifactId, String body) {
        return api().body(body).post("/api/v1/artifacts/" + artifactId + "/restores/preview").then();
    }

    private static io.restassured.response.ValidatableResponse restore(String artifactId, String body) {
        return api().body(body).post("/api/v1/artifacts/" + artifactId + "/restores").then();
    }

    /** Preview, then confirm with the plan's token; returns the restore job's id. */
    private static String confirmedRestore(String artifactId, String body) {
        String token = preview(artifactId, body).statusCode(200).extract().path("confirm");
        return restore(artifactId, body.substring(0, body.length() - 1) + ",\"confirm\":\"" + token + "\"}")
                .statusCode(202).extract().path("id");
    }

    private static void corrupt(Path object) throws Exception {
        try (RandomAccessFile file = new RandomAccessFile(object.toFile(), "rw")) {
            long middle = file.length() / 2;
            file.seek(middle);
            int b = file.read();
            file.seek(middle);
            file.write(b ^ 0xFF);
        }
    }

    private static List<String> databases(PostgresCluster pg) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = pg.connect("postgres");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT datname FROM pg_database ORDER BY 1")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    private static List<String> auditActions(String resource) {
        List<Map<String, Object>> entries = api().get("/api/v1/audit?limit=200").then().statusCode(200).extract()
                .jsonPath().getList("items");
        return entries.stream().filter(e -> resource.equals(e.get("resource")))
                .map(e -> e.get("action") + " " + e.get("outcome")).toList();
    }
}
