package io.backuphub.engine.questdb;

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

import io.backuphub.engine.Dump;
import io.backuphub.engine.DumpRequest;
import io.backuphub.target.Target;
import io.backuphub.target.TargetRegistry;
import io.backuphub.testing.EngineServers;
import io.backuphub.testing.EngineTargets;
import io.backuphub.testing.HubTargets;
import io.backuphub.testing.HubTestResource;
import io.backuphub.testing.Processes;
import io.backuphub.testing.QuestDbServer;
import io.backuphub.transport.ProcessScope;
import io.backuphub.transport.Transports;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * QuestDB end to end against a real QuestDB (the jar from Maven Central, its own process): a backup
 * over SSH under CHECKPOINT, verified against the tables recorded at checkpoint time; the download
 * unpacked by hand with zstd and tar and started with QuestDB's own {@code _restore}; a restore and a
 * drill through the hub, which starts QuestDB on the restored root; the checkpoint released after a
 * failed copy and after a job stopped half-way.
 */
@QuarkusTest
@QuarkusTestResource(value = HubTestResource.class, restrictToAnnotatedClass = false)
class QuestDbEngineTest {

    /** The targets this class backs up, restores and drills (their servers start with them). */
    @BeforeEach
    void declareTargets() {
        HubTargets.declare(EngineTargets.QUESTDB);
    }

    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);
    private static final Map<String, Long> SEEDED = Map.of("trades", 5000L, "plain", 42L, "odd name", 2L,
            "empty_one", 0L);

    @Inject QuestDbEngine engine;
    @Inject TargetRegistry targets;
    @Inject Transports transports;

    private static QuestDbServer server() {
        return EngineServers.questdb();
    }

    @Test
    void aBackupOverSshRecordsTheCheckpointsTablesAndIsVerifiedAgainstThem() {
        JsonPath artifact = artifact(verifiedBackup("quest-shop"));
        assertThat(artifact.getString("engine")).isEqualTo("questdb");
        assertThat(artifact.getString("manifest.source.serverVersion")).isEqualTo("9.3.4");
        List<Map<String, Object>> recorded = artifact.getList("manifest.source.tables");
        assertThat(recorded).extracting(t -> t.get("name") + " " + t.get("rows"))
                .containsExactlyInAnyOrder("trades 5000", "plain 42", "odd name 2", "empty_one 0");
        List<Map<String, Object>> fingerprint = artifact.getList("fingerprint.tables");
        assertThat(fingerprint).extracting(t -> t.get("name") + " " + t.get("rows"))
                .containsExactlyInAnyOrder("trades 5000", "plain 42", "odd name 2", "empty_one 0");
        assertThat(server().inCheckpoint()).as("the checkpoint is released after the copy").isFalse();
    }

    @Test
    void theDownloadRestoresByHandWithZstdTarAndQuestDbsOwnRestore() throws Exception {
        Path file = download(verifiedBackup("quest-shop"), Files.createTempFile("questdb-", ".tar.zst"));
        Path root = Files.createTempDirectory("questdb-byhand-");
        Processes.run(List.of("sh", "-c", "zstd -d -c \"$1\" | tar -x -C \"$2\" && touch \"$2/_restore\"", "sh",
                file.toString(), root.toString()));
        try (QuestDbServer restored = QuestDbServer.startOn(root)) {
            assertThat(restored.rowCounts()).isEqualTo(SEEDED);
            assertThat(Files.exists(root.resolve("_restore"))).as("QuestDB consumed the trigger").isFalse();
        }
        Files.delete(file);
    }

    @Test
    void aRestoreUnpacksANewRootThatQuestDbRecovers() throws Exception {
        String artifactId = verifiedBackup("quest-shop");
        String body = "{\"targetId\":\"quest-scratch\",\"database\":\"shop_copy\"";
        JsonPath plan = restorePreview(artifactId, body + "}").statusCode(200).extract().jsonPath();
        JsonPath job = restoreAndWait(artifactId, body + ",\"confirm\":\"" + plan.getString("confirm") + "\"}",
                JOB_TIMEOUT);
        assertThat(job.getString("status")).as("job error: %s", job.getString("error")).isEqualTo("succeeded");
        Path root = EngineTargets.questdbRestores().resolve("shop_copy");
        assertThat(Files.exists(root.resolve("_restore"))).as("the hub's check start consumed the trigger").isFalse();
        try (QuestDbServer restored = QuestDbServer.startOn(root)) {
            assertThat(restored.rowCounts()).isEqualTo(SEEDED);
        }
    }

    @Test
    void replacingALiveServerIsRefusedWithTheReason() {
        String artifactId = verifiedBackup("quest-shop");
        restorePreview(artifactId, "{\"targetId\":\"quest-scratch\",\"mode\":\"replace\"}").statusCode(400)
                .body("detail", containsString("docs/questdb.md"));
    }

    @Test
    void aDrillStartsQuestDbOnTheRestoredRootComparesAndDropsIt() {
        String artifactId = verifiedBackup("quest-shop");
        JsonPath job = awaitFinished(api().post("/api/v1/targets/quest-shop/drills").then().statusCode(202)
                .extract().path("id"), JOB_TIMEOUT);
        assertThat(job.getString("status")).as("job error: %s", job.getString("error")).isEqualTo("succeeded");
        JsonPath drills = api().get("/api/v1/targets/quest-shop/drills").then().statusCode(200).extract().jsonPath();
        assertThat(drills.getString("items[0].artifactId")).isEqualTo(artifactId);
        assertThat(EngineTargets.questdbRestores().toFile().list()).noneMatch(d -> d.startsWith("hub_drill"));
    }

    @Test
    void aRootThatIsNotTheServersFailsTheJobAndReleasesTheCheckpoint() {
        JsonPath job = awaitFinished(requestBackup("quest-wrong-root"), JOB_TIMEOUT);
        assertThat(job.getString("status")).isEqualTo("failed");
        assertThat(job.getString("error")).contains("not this server's data root");
        assertThat(job.getString("artifactId")).isNull();
        assertThat(server().inCheckpoint()).isFalse();
    }

    @Test
    void aWrongPasswordFailsTheJobWithTheServersReasonAndNoArtifact() {
        JsonPath job = awaitFinished(requestBackup("quest-wrong-password"), JOB_TIMEOUT);
        assertThat(job.getString("status")).isEqualTo("failed");
        assertThat(job.getString("error")).contains("cannot connect to QuestDB").doesNotContain("wrong\n")
                .doesNotContain(QuestDbServer.PASSWORD);
        assertThat(job.getString("artifactId")).isNull();
        assertThat(server().inCheckpoint()).isFalse();
    }

    /** A job stopped mid-copy (cancel, deadline) closes its SSH session: the release goes first, through it. */
    @Test
    void aDumpStoppedHalfWayOverSshStillReleasesTheCheckpoint() throws Exception {
        Target target = targets.find("quest-shop").orElseThrow();
        try (ProcessScope scope = ProcessScope.open("questdb-stop-test", null)) {
            Dump dump = engine.startDump(new DumpRequest(target, Map.of(), () -> transports.connect(target, scope)));
            assertThat(dump.data().readNBytes(512)).hasSize(512);
            assertThat(server().inCheckpoint()).isTrue();
            scope.stop("cancelled by the test");
            assertThat(server().inCheckpoint()).isFalse();
            dump.close();
        }
    }
}
