package io.backuphub.store;

import static io.backuphub.testing.HubApi.api;
import static io.backuphub.testing.HubApi.artifact;
import static io.backuphub.testing.HubApi.awaitFinished;
import static io.backuphub.testing.HubApi.job;
import static io.backuphub.testing.HubApi.requestBackup;
import static io.backuphub.testing.HubApi.verifiedBackup;
import static io.backuphub.testing.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.backuphub.testing.HubTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Targets writing to several stores (local disk, s3proxy, the GCS emulator) in one pass, a store that
 * is down during a backup (a second s3proxy, stopped and restarted), copies made later by replicate
 * jobs (replicateTo, on demand, and the retry of a failed copy), and downloads picking a good copy.
 */
@QuarkusTest
@QuarkusTestResource(value = HubTestResource.class, restrictToAnnotatedClass = false)
class MultiStoreTest {

    @Test
    void oneBackupIsWrittenToEveryStoreOfTheTargetAndEachCopyIsChecked() {
        JsonPath artifact = artifact(verifiedBackup("orders-everywhere"));
        String key = artifact.getString("key");
        assertThat(artifact.getString("store")).isEqualTo("offsite");
        assertThat(artifact.getList("copies.store")).containsExactly("offsite", "archive", "local");
        assertThat(artifact.getList("copies.status")).containsOnly("stored");
        assertThat(artifact.getList("copies.key")).containsOnly(key);
        assertThat(artifact.getList("copies.bytes", Long.class)).containsOnly(artifact.getLong("bytes"));
        assertThat(artifact.getList("copies.sha256")).containsOnly(artifact.getString("sha256"));
        assertThat(artifact.getMap("verificationEvidence.copies"))
                .isEqualTo(Map.of("offsite", "ok", "archive", "ok", "local", "ok"));
        try (S3Client s3 = HubTestResource.s3().client()) {
            assertThat(s3.headObject(b -> b.bucket(HubTestResource.S3_BUCKET).key("hub/" + key)).contentLength())
                    .isEqualTo(artifact.getLong("bytes"));
        }
        assertThat(HubTestResource.storeDir().resolve(key)).hasSize(artifact.getLong("bytes"));
        assertThat(download(artifact.getString("id"), "archive")).isEqualTo(artifact.getString("sha256"));
    }

    @Test
    void aCopyLostBehindTheHubsBackIsFoundByVerificationDownloadsUseAnotherAndACopyJobRestoresIt() {
        String id = verifiedBackup("orders-everywhere");
        JsonPath artifact = artifact(id);
        String key = artifact.getString("key");
        try (S3Client s3 = HubTestResource.s3().client()) {
            s3.deleteObject(b -> b.bucket(HubTestResource.S3_BUCKET).key("hub/" + key));
        }
        // The primary copy (offsite) is gone: the download comes from the next good copy.
        Response download = api().redirects().follow(false).get("/api/v1/artifacts/" + id + "/download");
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.header("X-Hub-Store")).isEqualTo("archive");
        api().get("/api/v1/artifacts/" + id + "/download?store=offsite").then().statusCode(404)
                .body("detail", org.hamcrest.Matchers.containsString("object missing from store"));
        api().get("/api/v1/artifacts/" + id + "/download?store=nowhere").then().statusCode(404)
                .body("detail", org.hamcrest.Matchers.containsString("has no copy in store \"nowhere\""));

        String verify = api().post("/api/v1/artifacts/" + id + "/verify").then().statusCode(202).extract().path("id");
        assertThat(awaitFinished(verify, Duration.ofMinutes(2)).getString("status")).isEqualTo("succeeded");
        JsonPath verified = artifact(id);
        assertThat(verified.getString("verification")).isEqualTo("verified");
        assertThat(copy(verified, "offsite").get("status")).isEqualTo("failed");
        assertThat(copy(verified, "offsite").get("error")).isEqualTo("object missing from store");

        String copyJob = api().body("{\"store\": \"offsite\"}").post("/api/v1/artifacts/" + id + "/copies").then()
                .statusCode(202).body("kind", org.hamcrest.Matchers.equalTo("replicate")).extract().path("id");
        assertThat(awaitFinished(copyJob, Duration.ofMinutes(2)).getString("status")).isEqualTo("succeeded");
        assertThat(copy(artifact(id), "offsite").get("status")).isEqualTo("stored");
        try (S3Client s3 = HubTestResource.s3().client()) {
            assertThat(s3.headObject(b -> b.bucket(HubTestResource.S3_BUCKET).key("hub/" + key)).contentLength())
                    .isEqualTo(artifact.getLong("bytes"));
            assertThat(s3.headObject(b -> b.bucket(HubTestResource.S3_BUCKET).key("hub/" + key
                    + ObjectKeys.MANIFEST_SUFFIX)).contentLength()).isPositive();
        }
        api().body("{\"store\": \"offsite\"}").post("/api/v1/artifacts/" + id + "/copies").then().statusCode(409)
                .contentType("application/problem+json");
        api().body("{\"store\": \"mars\"}").post("/api/v1/artifacts/" + id + "/copies").then().statusCode(400)
                .body("detail", org.hamcrest.Matchers.containsString("unknown store"));
    }

    @Test
    void aStoreDownDuringTheBackupMakesItPartialAndItsCopyFollowsOnceTheStoreIsBack() throws IOException {
        String jobId;
        HubTestResource.flakyS3().stop();
        try {
            jobId = requestBackup("orders-flaky");
            JsonPath job = awaitFinished(jobId, Duration.ofMinutes(3));
            assertThat(job.getString("status")).isEqualTo("partial");
            assertThat(job.getString("verification")).isEqualTo("verified");
            assertThat(job.getString("error")).startsWith("not every store holds the backup: flaky: ");
            JsonPath artifact = artifact(job.getString("artifactId"));
            assertThat(artifact.getString("store")).isEqualTo("local");
            assertThat(copy(artifact, "local").get("status")).isEqualTo("stored");
            assertThat(copy(artifact, "flaky").get("status")).isIn("failed", "copying");
            api().get("/api/v1/targets/orders-flaky").then().statusCode(200)
                    .body("health.status", org.hamcrest.Matchers.equalTo("yellow"));
        } finally {
            HubTestResource.flakyS3().restart();
        }
        // The replicate job the backup asked for tries again with back-off, and gets through.
        String artifactId = job(jobId).getString("artifactId");
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                .until(() -> "stored".equals(copy(artifact(artifactId), "flaky").get("status")));
        String key = artifact(artifactId).getString("key");
        try (S3Client s3 = HubTestResource.flakyS3().client()) {
            assertThat(s3.headObject(b -> b.bucket(HubTestResource.FLAKY_BUCKET).key(key)).contentLength())
                    .isEqualTo(artifact(artifactId).getLong("bytes"));
        }
        assertThat(download(artifactId, "flaky")).isEqualTo(artifact(artifactId).getString("sha256"));
        api().get("/api/v1/targets/orders-flaky").then().statusCode(200)
                .body("health.status", org.hamcrest.Matchers.equalTo("green"));
    }

    @Test
    void aBackupWhoseOnlyStoreIsDownFailsWithTheReasonAndLeavesNothing() throws IOException {
        HubTestResource.flakyS3().stop();
        JsonPath job;
        try {
            job = awaitFinished(requestBackup("orders-flaky-only"), Duration.ofMinutes(3));
        } finally {
            HubTestResource.flakyS3().restart();
        }
        assertThat(job.getString("status")).isEqualTo("failed");
        assertThat(job.getString("error")).contains("S3").doesNotContain("hub-secret");
        assertThat(job.getString("artifactId")).isNull();
        try (S3Client s3 = HubTestResource.flakyS3().client()) {
            assertThat(
                    s3.listObjectsV2(b -> b.bucket(HubTestResource.FLAKY_BUCKET).prefix("staging/orders-flaky-only/"))
                            .contents())
                    .isEmpty();
        }
    }

    @Test
    void replicateToCopiesEachBackupIntoAnotherStoreAfterwards() {
        String id = verifiedBackup("orders-replicated");
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                .until(() -> "stored".equals(copy(artifact(id), "archive").get("status")));
        JsonPath artifact = artifact(id);
        assertThat(artifact.getString("store")).isEqualTo("local");
        assertThat(artifact.getList("copies.store")).containsExactly("local", "archive");
        List<Map<String, Object>> copies = api().get("/api/v1/artifacts/" + id + "/copies").then().statusCode(200)
                .extract().jsonPath().getList("$");
        assertThat(copies).extracting(c -> c.get("status")).containsOnly("stored");
        assertThat(download(id, "archive")).isEqualTo(artifact.getString("sha256"));
        api().get("/api/v1/jobs?kind=replicate&targetId=orders-replicated").then().statusCode(200)
                .body("items[0].status", org.hamcrest.Matchers.equalTo("succeeded"))
                .body("items[0].trigger", org.hamcrest.Matchers.equalTo("system"));
        api().get("/api/v1/audit?limit=100").then().statusCode(200)
                .body("items.find { it.action == 'artifact.copied' && it.resource == 'artifact/" + id + "' }.outcome",
                        org.hamcrest.Matchers.equalTo("succeeded"));
    }

    @Test
    void deletingAnArtifactDeletesEveryCopy() {
        String id = verifiedBackup("orders-everywhere");
        String key = artifact(id).getString("key");
        api().delete("/api/v1/artifacts/" + id).then().statusCode(204);
        try (S3Client s3 = HubTestResource.s3().client()) {
            assertThat(s3.listObjectsV2(b -> b.bucket(HubTestResource.S3_BUCKET).prefix("hub/" + key)).contents())
                    .isEmpty();
        }
        assertThat(Files.exists(HubTestResource.storeDir().resolve(key))).isFalse();
        assertThat(api().get("/api/v1/artifacts/" + id + "/copies").then().extract().statusCode()).isEqualTo(404);
    }

    /** Downloads the copy in {@code store} through the hub (following a signed link); its SHA-256. */
    private static String download(String artifactId, String store) {
        try (InputStream in = api().get("/api/v1/artifacts/" + artifactId + "/download?store=" + store).then()
                .statusCode(200).extract().asInputStream()) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[65536];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                sha.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (Exception e) {
            throw new AssertionError("download of " + artifactId + " from " + store + " failed: " + e, e);
        }
    }

    private static Map<String, Object> copy(JsonPath artifact, String store) {
        List<Map<String, Object>> copies = artifact.getList("copies");
        return copies.stream().filter(c -> store.equals(c.get("store"))).findFirst()
                .orElseThrow(() -> new AssertionError("no copy in " + store + ": " + copies));
    }
}
