package io.backuphub.engine.qdrant;

import static io.backuphub.testing.HubApi.api;
import static io.backuphub.testing.HubApi.artifact;
import static io.backuphub.testing.HubApi.awaitFinished;
import static io.backuphub.testing.HubApi.download;
import static io.backuphub.testing.HubApi.requestBackup;
import static io.backuphub.testing.HubApi.restoreAndWait;
import static io.backuphub.testing.HubApi.restorePreview;
import static io.backuphub.testing.HubApi.verifiedBackup;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.backuphub.testing.EngineServers;
import io.backuphub.testing.EngineTargets;
import io.backuphub.testing.HubTargets;
import io.backuphub.testing.HubTestResource;
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
 * Qdrant end to end through the hub's API against a Qdrant node double that serves the snapshot
 * endpoints as Qdrant's OpenAPI document specifies: snapshots made, streamed, checked and deleted on
 * the node; the artifact opened with zstd and tar by hand; restores and drills; the faults a node shows.
 */
@QuarkusTest
@QuarkusTestResource(value = HubTestResource.class, restrictToAnnotatedClass = false)
class QdrantEngineTest {

    /** The targets this class backs up, restores and drills (their servers start with them). */
    @BeforeEach
    void declareTargets() {
        HubTargets.declare(EngineTargets.QDRANT);
    }

    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(2);

    @Test
    void aBackupHoldsEveryCollectionsSnapshotAndLeavesNoneOnTheNode() {
        JsonPath artifact = artifact(verifiedBackup("qdrant-all"));
        assertThat(artifact.getList("manifest.databases")).containsExactly("articles", "images");
        assertThat(artifact.getString("manifest.source.serverVersion")).isEqualTo("1.12.4");
        assertThat(artifact.getString("manifest.object.key")).endsWith(".tar.zst");
        List<Map<String, Object>> tables = artifact.getList("fingerprint.tables");
        assertThat(tables).extracting(t -> t.get("name") + " " + t.get("rows")).containsExactlyInAnyOrder(
                "articles 1234", "images 56");
        assertThat(EngineServers.qdrant().snapshotsOn("articles")).isZero();
        assertThat(EngineServers.qdrant().snapshotsOn("images")).isZero();
        String target = api().get("/api/v1/targets/qdrant-all").then().statusCode(200)
                .body("settings.qdrant.url", org.hamcrest.Matchers.equalTo(EngineServers.qdrant().url()))
                .body("transport", org.hamcrest.Matchers.nullValue()).extract().asString();
        assertThat(target).contains("apiKeyFile").doesNotContain(EngineServers.QDRANT_KEY);
    }

    @Test
    void theDownloadUnpacksWithZstdAndTarIntoSnapshotsMatchingTheirChecksums() throws Exception {
        String artifactId = verifiedBackup("qdrant-all");
        Path dir = Files.createTempDirectory("qdrant-");
        Path file = download(artifactId, dir.resolve("backup.tar.zst"));
        Processes.run(List.of("sh", "-c", "cd \"$1\" && zstd -d -c backup.tar.zst | tar -x", "sh", dir.toString()));
        String index = Files.readString(dir.resolve(SnapshotArchive.INDEX));
        for (String collection : List.of("articles", "images")) {
            String sha256 = Processes.run(List.of("sha256sum", dir.resolve(collection + ".snapshot").toString()))
                    .split(" ")[0];
            assertThat(index).contains("\"sha256\" : \"" + sha256 + "\"");
            assertThat(Processes.run(List.of("tar", "-tf", dir.resolve(collection + ".snapshot").toString())))
                    .contains("config.json");
        }
        Files.delete(file);
    }

    @Test
    void aRestoreMakesANewCollectionEqualToTheSource() {
        String artifactId = verifiedBackup("qdrant-articles");
        JsonPath plan = restorePreview(artifactId, "{}").statusCode(200).extract().jsonPath();
        String collection = plan.getString("destination.database");
        assertThat(collection).matches("articles_restored_\\d{12}");
        JsonPath job = restoreAndWait(artifactId, "{\"confirm\":\"" + plan.getString("confirm") + "\"}", JOB_TIMEOUT);
        assertThat(job.getString("status")).as("job error: %s", job.getString("error")).isEqualTo("succeeded");
        assertThat(EngineServers.qdrant().describe(collection)).isEqualTo(EngineServers.qdrant()
                .describe("articles"));
    }

    @Test
    void replaceIsRefusedBecauseQdrantCannotRenameACollection() {
        String artifactId = verifiedBackup("qdrant-articles");
        restorePreview(artifactId, "{\"mode\":\"replace\"}").statusCode(400).body("detail", containsString("rename"));
        restorePreview(verifiedBackup("qdrant-all"), "{\"targetId\":\"qdrant-articles\",\"database\":\"from_all\"}")
                .statusCode(409)
                .body("detail", containsString("2 collections"));
    }

    @Test
    void aDrillRestoresComparesAndDropsItsCollection() {
        verifiedBackup("qdrant-articles");
        String jobId = api().post("/api/v1/targets/qdrant-articles/drills").then().statusCode(202).extract()
                .path("id");
        JsonPath job = awaitFinished(jobId, JOB_TIMEOUT);
        assertThat(job.getString("status")).as("job error: %s", job.getString("error")).isEqualTo("succeeded");
        String collections = api().get("/api/v1/targets/qdrant-articles/drills").then().statusCode(200).extract()
                .jsonPath().getString("items[0].status");
        assertThat(collections).isEqualTo("succeeded");
    }

    @Test
    void aSnapshotThatDoesNotMatchItsChecksumFailsTheJobAndIsDeleted() {
        JsonPath job = failedBackup("qdrant-tampered");
        assertThat(job.getString("error")).contains("does not match the SHA-256 Qdrant gave");
        assertThat(EngineServers.qdrant().snapshotsOn("tampered")).isZero();
    }

    @Test
    void aSnapshotThatVanishesMidDownloadFailsTheJob() {
        JsonPath job = failedBackup("qdrant-vanishing");
        assertThat(job.getString("error")).isNotBlank();
    }

    @Test
    void aWrongApiKeySaysSoAndNeverShowsTheKey() {
        JsonPath job = failedBackup("qdrant-wrong-key");
        assertThat(job.getString("error")).contains("401").contains("apiKeyFile").doesNotContain("not-the-key")
                .doesNotContain(EngineServers.QDRANT_KEY);
    }

    private static JsonPath failedBackup(String targetId) {
        JsonPath job = awaitFinished(requestBackup(targetId), JOB_TIMEOUT);
        assertThat(job.getString("status")).isEqualTo("failed");
        assertThat(job.getString("artifactId")).isNull();
        api().get("/api/v1/artifacts?targetId=" + targetId).then().statusCode(200)
                .body("items.size()", org.hamcrest.Matchers.equalTo(0));
        return job;
    }
}
