package io.backuphub.backup;

import static io.backuphub.testing.HubApi.api;
import static io.backuphub.testing.HubApi.awaitFinished;
import static io.backuphub.testing.HubApi.job;
import static io.backuphub.testing.HubApi.requestBackup;
import static io.backuphub.testing.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

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
    void aChangedHostKeyIsExplainedWithTheSettingToCheck() {
        JsonPath job = assertFailsCleanly("wrong-host-key", "host key", "not the one listed in");
        assertThat(job.getString("cause.cause")).contains("known_hosts does not list");
        assertThat(job.getString("cause.setting")).isEqualTo("targets.yaml: wrong-host-key.transport.knownHostsFile");
    }

    /** The database's own error is explained, and the target's health leads with that explanation. */
    @Test
    void aMissingDatabaseIsExplainedWithItsFix() {
        JsonPath job = assertFailsCleanly("crm-missing", "pg_dump exited with status 1",
                "database \"crm\" does not exist");
        assertThat(job.getString("cause.cause")).isEqualTo("The database \"crm\" does not exist on this PostgreSQL"
                + " server.");
        assertThat(job.getString("cause.fix")).contains("Create it");
        assertThat(job.getString("cause.setting")).isEqualTo("targets.yaml: crm-missing.database.name");
        JsonPath health = api().get("/api/v1/targets/crm-missing").then().statusCode(200).extract().jsonPath();
        assertThat(health.getString("health.reason")).startsWith("last backup failed: The database \"crm\"");
        assertThat(health.getString("health.cause.setting")).isEqualTo("targets.yaml: crm-missing.database.name");
    }

    /** A retry is a new job of the same target; failing again, it counts one more failure in a row. */
    @Test
    void aRetriedBackupIsANewJobAndFailingAgainCountsInARow() {
        String first = awaitFinished(requestBackup("crm-missing"), JOB_TIMEOUT).getString("id");
        JsonPath before = api().get("/api/v1/targets/crm-missing").then().extract().jsonPath();
        int inARow = before.getInt("health.failuresInARow");
        String since = before.getString("health.failingSince");

        var answer = api().post("/api/v1/jobs/" + first + "/retry").then().statusCode(202).extract();
        String retried = answer.path("id");
        assertThat(retried).isNotEqualTo(first);
        assertThat(answer.header("Location")).endsWith("/api/v1/jobs/" + retried);
        assertThat(job(retried).getString("targetId")).isEqualTo("crm-missing");
        awaitFinished(retried, JOB_TIMEOUT);
        JsonPath after = api().get("/api/v1/targets/crm-missing").then().extract().jsonPath();
        assertThat(after.getInt("health.failuresInARow")).isGreaterThan(inARow);
        assertThat(after.getString("health.failingSince")).as("failing since the first failure").isEqualTo(since);
    }

    @Test
    void onlyAFailedOrCancelledJobIsRetried() {
        String running = requestBackup("orders-local");
        JsonPath done = awaitFinished(running, JOB_TIMEOUT);
        assertThat(done.getString("status")).isEqualTo("succeeded");
        api().post("/api/v1/jobs/" + running + "/retry").then().statusCode(409)
                .contentType("application/problem+json");
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
