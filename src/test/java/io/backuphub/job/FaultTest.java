package io.backuphub.job;

import static io.backuphub.testing.HubApi.api;
import static io.backuphub.testing.HubApi.awaitFinished;
import static io.backuphub.testing.HubApi.job;
import static io.backuphub.testing.HubApi.requestBackup;
import static io.backuphub.testing.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.backuphub.testing.HubTestResource;
import io.backuphub.testing.OpenSshServer;
import io.backuphub.testing.TestData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Faults a hub meets in production: an object deleted behind its back, a tool that hangs. Each fails
 * the job with the reason, at once or at its deadline, kills the tool, and frees the target.
 */
@QuarkusTest
@QuarkusTestResource(value = HubTestResource.class, restrictToAnnotatedClass = false)
class FaultTest {

    @Test
    void aVerifyOfAMissingObjectFailsAtOnceAndSaysSo() throws Exception {
        String backup = requestBackup("orders-local");
        String artifactId = awaitFinished(backup, Duration.ofMinutes(2)).getString("artifactId");
        String key = api().get("/api/v1/artifacts/" + artifactId).then().statusCode(200).extract().path("key");
        Files.delete(HubTestResource.storeDir().resolve(key));

        String verify = api().post("/api/v1/artifacts/" + artifactId + "/verify").then().statusCode(202)
                .extract().path("id");
        JsonPath failed = awaitFinished(verify, Duration.ofSeconds(30));
        assertThat(failed.getString("status")).isEqualTo("failed");
        assertThat(failed.getString("error")).contains("object missing from store");
        api().get("/api/v1/artifacts/" + artifactId).then().statusCode(200)
                .body("verification", equalTo("verify_failed"))
                .body("verificationSummary", equalTo("object missing from store"));
        api().queryParam("force", true).get("/api/v1/artifacts/" + artifactId + "/download").then().statusCode(404)
                .contentType(startsWith("application/problem+json"))
                .body("detail", containsString("missing from the store"));
        // The target is free: its next backup runs.
        assertThat(awaitFinished(requestBackup("orders-local"), Duration.ofMinutes(2)).getString("status"))
                .isEqualTo("succeeded");
    }

    @Test
    void anArtifactThatFailedVerificationIsOnlyDownloadedOnPurpose() throws Exception {
        String artifactId = awaitFinished(requestBackup("orders-local"), Duration.ofMinutes(2)).getString("artifactId");
        api().get("/api/v1/artifacts/" + artifactId + "/download").then().statusCode(200)
                .header("X-Hub-Verification", "verified");
        String key = api().get("/api/v1/artifacts/" + artifactId).then().extract().path("key");
        Path object = HubTestResource.storeDir().resolve(key);
        byte[] bytes = Files.readAllBytes(object);
        bytes[bytes.length / 2] ^= 0x5a; // one flipped byte, behind the hub's back
        Files.write(object, bytes);
        String verify = api().post("/api/v1/artifacts/" + artifactId + "/verify").then().statusCode(202).extract()
                .path("id");
        assertThat(awaitFinished(verify, Duration.ofSeconds(60)).getString("status")).isEqualTo("failed");

        api().get("/api/v1/artifacts/" + artifactId + "/download").then().statusCode(409)
                .header("X-Hub-Verification", "failed")
                .body("type", equalTo("urn:backup-hub:problem:verification-failed"))
                .body("detail", containsString("force=true"));
        byte[] forced = api().queryParam("force", true).get("/api/v1/artifacts/" + artifactId + "/download")
                .then().statusCode(200).header("X-Hub-Verification", "failed").extract().asByteArray();
        assertThat(forced).isEqualTo(bytes);
        api().queryParam("force", "yes").get("/api/v1/artifacts/" + artifactId + "/download").then().statusCode(400);
    }

    @Test
    void aRunningJobIsCancelledItsToolKilledAndItsTargetFreed() throws Exception {
        String jobId;
        try (Connection lock = TestData.holdLock(HubTestResource.postgres())) {
            List<Path> before = partialWrites();
            jobId = requestBackup("stuck");
            await().atMost(Duration.ofSeconds(30)).until(() -> !pgDumps().isEmpty());
            List<ProcessHandle> tools = pgDumps();
            List<Path> ours = partialWrites().stream().filter(p -> !before.contains(p)).toList();
            assertThat(ours).as("the backup's partial write, while it waits").isNotEmpty();
            assertThat(job(jobId).getString("status")).isEqualTo("running");

            api().delete("/api/v1/jobs/" + jobId).then().statusCode(202)
                    .body("cancelRequestedBy", equalTo("admin"));
            JsonPath cancelled = awaitFinished(jobId, Duration.ofSeconds(20));
            assertThat(cancelled.getString("status")).isEqualTo("cancelled");
            assertThat(cancelled.getString("error")).isEqualTo("cancelled by admin");
            assertThat(cancelled.getString("artifactId")).isNull();
            await().atMost(Duration.ofSeconds(10)).until(() -> tools.stream().noneMatch(ProcessHandle::isAlive));
            assertThat(partialWrites()).as("partial write left by the cancelled backup")
                    .doesNotContainAnyElementsOf(ours);
            api().delete("/api/v1/jobs/" + jobId).then().statusCode(409);
        }
        // Lock released; the target was freed, so its next backup runs and succeeds.
        assertThat(awaitFinished(requestBackup("stuck"), Duration.ofMinutes(2)).getString("status"))
                .isEqualTo("succeeded");
    }

    /** Over SSH the tool runs on another host: cancelling signals it there instead of leaving it waiting. */
    @Test
    void cancellingAnSshJobEndsTheRemoteTool() throws Exception {
        assumeFalse("root".equals(HubTestResource.sshUser()), "sshd refuses to signal root sessions: create the user "
                + OpenSshServer.UNPRIVILEGED_USER + " as .ci/run does");
        try (Connection lock = TestData.holdLock(HubTestResource.postgres())) {
            String jobId = requestBackup("stuck-ssh");
            await().atMost(Duration.ofSeconds(30)).until(() -> !pgDumps().isEmpty());
            List<ProcessHandle> remote = pgDumps(); // sshd runs on this machine, started by the tests
            api().delete("/api/v1/jobs/" + jobId).then().statusCode(202);
            assertThat(awaitFinished(jobId, Duration.ofSeconds(20)).getString("status")).isEqualTo("cancelled");
            await().atMost(Duration.ofSeconds(10)).until(() -> remote.stream().noneMatch(ProcessHandle::isAlive));
        }
    }

    @Test
    void aToolHungPastItsJobsDeadlineIsKilledAndTheJobFails() throws Exception {
        try (Connection lock = TestData.holdLock(HubTestResource.postgres())) {
            String jobId = requestBackup("stuck-deadline"); // jobTimeout: PT3S
            JsonPath failed = awaitFinished(jobId, Duration.ofSeconds(60));
            assertThat(failed.getString("status")).isEqualTo("failed");
            assertThat(failed.getString("error")).startsWith("stopped: did not finish within PT3S");
            await().atMost(Duration.ofSeconds(10)).until(() -> pgDumps().isEmpty());
        }
    }

    /** The hub's pg_dump processes of the lockable database (the hub runs in this JVM). */
    private static List<ProcessHandle> pgDumps() {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().map(c -> c.contains("--dbname=" + TestData.LOCKABLE_DB))
                        .orElse(false))
                .toList();
    }

    private static List<Path> partialWrites() throws Exception {
        Path partial = HubTestResource.storeDir().resolve(".partial");
        if (!Files.isDirectory(partial)) {
            return List.of();
        }
        try (var files = Files.list(partial)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".partial")).toList();
        }
    }
}
