package io.backuphub.engine;

import static io.backuphub.testing.HubApi.api;
import static io.backuphub.testing.HubApi.artifact;
import static io.backuphub.testing.HubApi.awaitFinished;
import static io.backuphub.testing.HubApi.download;
import static io.backuphub.testing.HubApi.jobCount;
import static io.backuphub.testing.HubApi.requestBackup;
import static io.backuphub.testing.HubApi.restoreAndWait;
import static io.backuphub.testing.HubApi.restorePreview;
import static io.backuphub.testing.HubApi.verifiedBackup;
import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract every engine keeps, run against each engine's real server (or, for Qdrant, its
 * protocol double) through the API alone: a backup is verified with a fingerprint; the download is
 * zstd and the engine's own tool reads what it decodes to; a restore through the hub lands data whose
 * fingerprint equals the backup's; a server that is down fails the job with the reason and leaves no
 * artifact; hostile options and restore names are refused before anything runs. Each engine's own
 * test goes further (SSH and local, by-hand restores, its failure modes).
 */
@QuarkusTest
@QuarkusTestResource(value = HubTestResource.class, restrictToAnnotatedClass = false)
class EngineContractTest {

    /** The targets this class backs up, restores and drills (their servers start with them). */
    @BeforeEach
    void declareTargets() {
        HubTargets.declare(EngineTargets.values());
    }

    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);

    /**
     * An engine's targets: one to back up (over SSH where the engine has a transport), the same kind
     * of server reached with {@code transport: local}, a destination restores may create on, one whose
     * server is down, and the engine's own tool reading the decoded dump from stdin.
     */
    record Engine(String name, String target, String local, String scratch, String down, List<String> reader) {

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Engine> engines() {
        return Stream.of(
                new Engine("postgres", "orders", "restore-src", "restore-scratch", "pg-down",
                        List.of("pg_restore", "--list")),
                new Engine("mongodb", "mongo-shop", "mongo-server", "mongo-scratch", "mongo-down",
                        List.of("sh", "-c", "head -c 4 | od -An -tx1 | grep -q '6d e2 99 81'")),
                new Engine("mysql", "maria-shop", "maria-live", "maria-scratch", "maria-down",
                        List.of("sh", "-c", "tail -n 1 | grep -q '^-- Dump completed'")),
                new Engine("questdb", "quest-shop", "quest-local", "quest-scratch", "quest-down", List.of("tar", "-t")),
                new Engine("redis", "redis-cache", "redis-local", "redis-scratch", "redis-down",
                        List.of("redis-check-rdb", "/dev/stdin")),
                new Engine("qdrant", "qdrant-articles", "qdrant-all", "qdrant-articles", "qdrant-down",
                        List.of("tar", "-t")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void aBackupIsVerifiedWithAFingerprintAndSaysHowToRestoreIt(Engine engine) {
        JsonPath artifact = artifact(verifiedBackup(engine.target()));
        assertThat(artifact.getString("engine")).isEqualTo(engine.name());
        assertThat(artifact.getList("fingerprint.tables")).isNotEmpty();
        assertThat(artifact.getString("manifest.restoreHint")).isNotBlank();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void theOtherTransportBacksUpAndVerifiesToo(Engine engine) {
        JsonPath artifact = artifact(verifiedBackup(engine.local()));
        assertThat(artifact.getString("engine")).isEqualTo(engine.name());
        assertThat(artifact.getList("fingerprint.tables")).isNotEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void theDownloadIsZstdAndTheEnginesOwnToolReadsWhatItDecodesTo(Engine engine) throws Exception {
        Path file = download(verifiedBackup(engine.target()), Files.createTempFile("contract-", ".zst"));
        Processes.run(List.of("zstd", "-t", "-q", file.toString()));
        Path decoded = Files.createTempFile("contract-", ".dump");
        Processes.run(List.of("zstd", "-d", "-q", "-f", file.toString(), "-o", decoded.toString()));
        Processes.run(engine.reader(), Map.of(), decoded);
        Files.delete(file);
        Files.delete(decoded);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void aRestoreThroughTheHubLandsDataWithTheBackupsFingerprint(Engine engine) {
        String artifactId = verifiedBackup(engine.target());
        String body = "{\"targetId\":\"" + engine.scratch() + "\",\"database\":\"contract_" + engine.name() + "\"";
        JsonPath plan = restorePreview(artifactId, body + "}").statusCode(200).extract().jsonPath();
        JsonPath job = restoreAndWait(artifactId, body + ",\"confirm\":\"" + plan.getString("confirm") + "\"}",
                JOB_TIMEOUT);
        // The restore job compares the restored data's fingerprint with the backup's and fails on a difference.
        assertThat(job.getString("status")).as("job error: %s", job.getString("error")).isEqualTo("succeeded");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void aServerThatIsDownFailsTheJobWithTheReasonAndLeavesNoArtifact(Engine engine) {
        JsonPath job = awaitFinished(requestBackup(engine.down()), JOB_TIMEOUT);
        assertThat(job.getString("status")).isEqualTo("failed");
        assertThat(job.getString("error")).isNotBlank()
                .containsAnyOf("refused", "Connection refused", "connect", "Could not connect");
        assertThat(job.getString("artifactId")).isNull();
        api().get("/api/v1/artifacts?targetId=" + engine.down()).then().statusCode(200)
                .body("items.size()", org.hamcrest.Matchers.equalTo(0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("engines")
    void hostileOptionsAndRestoreNamesAreRefusedBeforeAnythingRuns(Engine engine) {
        int jobs = jobCount();
        for (String options : List.of("{\"$(id)\":\"x\"}", "{\"schemas\":[\"a;rm -rf /\"]}",
                "{\"databases\":[\"`id`\"]}")) {
            api().body("{\"options\":" + options + "}").post("/api/v1/targets/" + engine.target() + "/backups")
                    .then().statusCode(400).contentType("application/problem+json");
        }
        assertThat(jobCount()).isEqualTo(jobs);
        String artifactId = verifiedBackup(engine.target());
        for (String name : List.of("a;rm -rf /", "../etc", "$(id)", "a b")) {
            restorePreview(artifactId, "{\"targetId\":\"" + engine.scratch() + "\",\"database\":\""
                    + name.replace("\"", "\\\"") + "\"}").statusCode(400).contentType("application/problem+json");
        }
    }
}
