package io.backuphub.backup;

import static io.backuphub.testing.HubApi.api;
import static io.backuphub.testing.HubApi.awaitFinished;
import static io.backuphub.testing.HubApi.job;
import static io.backuphub.testing.HubApi.requestBackup;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.backuphub.testing.Files2;
import io.backuphub.testing.HubTestResource;
import io.backuphub.testing.Processes;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every way a backup can go wrong ends the same way: a failed job whose error says why, no artifact
 * listed, nothing left in the store that could pass for a backup, and no partial write behind.
 */
@QuarkusTest
@QuarkusTestResource(value = HubTestResource.class, restrictToAnnotatedClass = false)
class BackupFailureTest {

    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);

    @Test
    void sshConnectionRefused() {
        assertFailsCleanly("refused", "SSH connection to", "failed");
    }

    @Test
    void unknownHostKeyIsRefused() {
        assertFailsCleanly("wrong-host-key", "host key", "not the one listed in");
    }

    @Test
    void rejectedClientKey() {
        assertFailsCleanly("refused-key", "SSH authentication as", "failed");
    }

    @Test
    void pgDumpFailingHalfWayLeavesNoBackup() {
        JsonPath job = assertFailsCleanly("half-way", "pg_dump exited with status 1", "row-level security");
        // It did stream data before failing: the failure came mid-dump, not at connect.
        assertThat(job.getString("error")).contains("zz_guarded");
    }

    @Test
    void pgDumpKilledMidStreamLeavesNoBackup() {
        String jobId = requestBackup("big");
        // Wait until the dump is flowing into the store, then kill pg_dump as an OOM killer would.
        await().atMost(JOB_TIMEOUT).pollInterval(Duration.ofMillis(200)).until(() -> {
            JsonPath j = job(jobId);
            Object bytes = j.get("bytes");
            return "running".equals(j.getString("status")) && bytes != null && ((Number) bytes).longValue() > 0;
        });
        Processes.run(List.of("pkill", "-KILL", "-f", "pg_dump.*--dbname=bigdb"));
        JsonPath job = awaitFinished(jobId, JOB_TIMEOUT);
        assertThat(job.getString("status")).isEqualTo("failed");
        assertThat(job.getString("error")).contains("pg_dump").contains("KILL");
        assertNothingStored("big");
    }

    /** The quickstart on Debian: the server asks for a password nobody gave; the error says how to give one. */
    @Test
    void aMissingDatabasePasswordSaysWhereToGiveIt() {
        assertFailsCleanly("no-password", "no password supplied", "database.passwordEnv or database.passwordFile");
    }

    /** The store root holds a file where the "blocked" environment's folder would go. */
    @Test
    void unwritableStorePathFailsTheJob() {
        assertFailsCleanly("blocked", "cannot store blocked/blocked/", "Not a directory");
    }

    private JsonPath assertFailsCleanly(String targetId, String errorPart, String alsoPart) {
        JsonPath job = awaitFinished(requestBackup(targetId), JOB_TIMEOUT);
        assertThat(job.getString("status")).isEqualTo("failed");
        assertThat(job.getString("error")).isNotBlank().contains(errorPart).contains(alsoPart);
        assertThat(job.getString("artifactId")).isNull();
        assertThat(job.getString("finishedAt")).isNotNull();
        assertNothingStored(targetId);
        // The target is free again: its health says what went wrong.
        assertThat(api().get("/api/v1/targets/" + targetId).then().statusCode(200).extract().path("health.status")
                .toString()).isEqualTo("red");
        return job;
    }

    private static void assertNothingStored(String targetId) {
        assertThat(api().get("/api/v1/artifacts?targetId=" + targetId).then().statusCode(200)
                .extract().jsonPath().getList("items")).isEmpty();
        assertThat(Files2.listFiles(HubTestResource.storeDir().resolve(".partial")))
                .as("partial writes left behind").isEmpty();
        assertThat(Files2.listFiles(HubTestResource.storeDir()))
                .as("objects of %s", targetId)
                .noneMatch(path -> path.contains("/" + targetId + "/"));
    }
}
