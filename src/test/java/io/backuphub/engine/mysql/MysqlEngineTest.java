package io.backuphub.engine.mysql;

import static io.backuphub.testing.HubApi.api;
import static io.backuphub.testing.HubApi.artifact;
import static io.backuphub.testing.HubApi.awaitFinished;
import static io.backuphub.testing.HubApi.download;
import static io.backuphub.testing.HubApi.requestBackup;
import static io.backuphub.testing.HubApi.restoreAndWait;
import static io.backuphub.testing.HubApi.restorePreview;
import static io.backuphub.testing.HubApi.verifiedBackup;
import static org.assertj.core.api.Assertions.assertThat;

import io.backuphub.testing.EngineServers;
import io.backuphub.testing.EngineTargets;
import io.backuphub.testing.HubTargets;
import io.backuphub.testing.HubTestResource;
import io.backuphub.testing.MariaDbServer;
import io.backuphub.testing.Processes;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * MySQL/MariaDB end to end against Debian's MariaDB server: a backup over SSH (declared with the
 * {@code mariadb} alias) with a password full of quoting traps, verified and fingerprinted; the
 * download restored by hand with zstd and the client; restores (new and replace) and a drill through
 * the hub, proven equal with the server's own CHECKSUM TABLE; a wrong password.
 */
@QuarkusTest
@QuarkusTestResource(value = HubTestResource.class, restrictToAnnotatedClass = false)
class MysqlEngineTest {

    /** The targets this class backs up, restores and drills (their servers start with them). */
    @BeforeEach
    void declareTargets() {
        HubTargets.declare(EngineTargets.MARIADB);
    }

    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);

    private static MariaDbServer server() {
        return EngineServers.mariadb();
    }

    @Test
    void aBackupOverSshIsVerifiedAndFingerprintsEveryTable() {
        JsonPath artifact = artifact(verifiedBackup("maria-shop"));
        assertThat(artifact.getString("engine")).isEqualTo("mysql");
        assertThat(artifact.getString("manifest.source.flavor")).isEqualTo("mariadb");
        assertThat(artifact.getString("manifest.source.serverVersion")).startsWith("10.");
        assertThat(artifact.getList("manifest.databases")).containsExactly(MariaDbServer.SOURCE_DB);
        List<Map<String, Object>> tables = artifact.getList("fingerprint.tables");
        assertThat(tables).extracting(t -> t.get("name") + " " + t.get("rows"))
                .containsExactlyInAnyOrder("orders 3003", "Odd Name 2", "empty_one 0");
    }

    @Test
    void theDownloadRestoresByHandWithZstdAndTheClient() throws Exception {
        String artifactId = verifiedBackup("maria-shop");
        Path file = download(artifactId, Files.createTempFile("maria-", ".sql.zst"));
        server().sql("CREATE DATABASE byhand");
        Processes.run(List.of("sh", "-c", "zstd -d -c \"$1\" | mariadb --no-defaults --protocol=TCP -h127.0.0.1"
                + " -P\"$2\" -uroot byhand", "sh", file.toString(), String.valueOf(server().port())));
        assertThat(server().checksums("byhand")).isEqualTo(server().checksums(MariaDbServer.SOURCE_DB));
        Files.delete(file);
    }

    @Test
    void aRestoreIntoANewDatabaseEqualsTheSource() {
        String artifactId = verifiedBackup("maria-shop");
        JsonPath plan = restorePreview(artifactId, "{\"targetId\":\"maria-live\",\"database\":\"shop_copy\"}")
                .statusCode(200)
                .extract().jsonPath();
        JsonPath job = restoreAndWait(artifactId,
                "{\"targetId\":\"maria-live\",\"database\":\"shop_copy\",\"confirm\":\""
                        + plan.getString("confirm") + "\"}",
                JOB_TIMEOUT);
        assertThat(job.getString("status")).as("job error: %s", job.getString("error")).isEqualTo("succeeded");
        assertThat(server().checksums("shop_copy")).isEqualTo(server().checksums(MariaDbServer.SOURCE_DB));
    }

    @Test
    void aReplaceRestoreSwapsTheLiveDatabaseAndKeepsThePreviousOne() {
        String artifactId = verifiedBackup("maria-shop");
        String body = "{\"targetId\":\"maria-live\",\"mode\":\"replace\"";
        JsonPath plan = restorePreview(artifactId, body + "}").statusCode(200).extract().jsonPath();
        assertThat(plan.getString("destination.database")).isEqualTo(MariaDbServer.LIVE_DB);
        JsonPath job = restoreAndWait(artifactId, body + ",\"confirm\":\"" + plan.getString("confirm") + "\"}",
                JOB_TIMEOUT);
        assertThat(job.getString("status")).as("job error: %s", job.getString("error")).isEqualTo("succeeded");
        assertThat(server().checksums(MariaDbServer.LIVE_DB)).isEqualTo(server().checksums(MariaDbServer.SOURCE_DB));
        String kept = server().databases().stream().filter(d -> d.startsWith(MariaDbServer.LIVE_DB
                + "_before_restore_")).findFirst().orElseThrow();
        assertThat(server().sql("SELECT id FROM `" + kept + "`.orders")).isEqualTo("42");
    }

    @Test
    void aDrillRestoresIntoTheScratchTargetComparesAndDropsIt() {
        String artifactId = verifiedBackup("maria-shop");
        JsonPath job = awaitFinished(api().post("/api/v1/targets/maria-shop/drills").then().statusCode(202)
                .extract().path("id"), JOB_TIMEOUT);
        assertThat(job.getString("status")).as("job error: %s", job.getString("error")).isEqualTo("succeeded");
        JsonPath drills = api().get("/api/v1/targets/maria-shop/drills").then().statusCode(200).extract().jsonPath();
        assertThat(drills.getString("items[0].artifactId")).isEqualTo(artifactId);
        assertThat(server().databases()).noneMatch(d -> d.startsWith("hub_drill"));
    }

    @Test
    void aWrongPasswordFailsTheJobWithTheServersReasonAndNoArtifact() {
        JsonPath job = awaitFinished(requestBackup("maria-wrong-password"), JOB_TIMEOUT);
        assertThat(job.getString("status")).isEqualTo("failed");
        assertThat(job.getString("error")).contains("Access denied").doesNotContain("wrong\n")
                .doesNotContain(MariaDbServer.PASSWORD);
        assertThat(job.getString("artifactId")).isNull();
    }
}
