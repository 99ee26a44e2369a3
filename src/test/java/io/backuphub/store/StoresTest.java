package io.backuphub.store;

import static io.backuphub.testing.HubApi.api;
import static io.backuphub.testing.HubApi.artifact;
import static io.backuphub.testing.HubApi.verifiedBackup;
import static org.assertj.core.api.Assertions.assertThat;

import io.backuphub.backup.StoreWatch;
import io.backuphub.testing.HubTestResource;
import io.backuphub.testing.Processes;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Targets that name an S3 store (s3proxy: the real S3 protocol) or a GCS store (the Cloud Storage
 * emulator) from config/stores.yaml: their backups go to the bucket under the store's prefix with
 * their manifests, are verified by reading them back from there, download through a presigned link a
 * plain HTTP client follows (S3) or through the hub (GCS without signing credentials), and are
 * deleted from the bucket; the readiness check proves every store writable.
 */
@QuarkusTest
@QuarkusTestResource(value = HubTestResource.class, restrictToAnnotatedClass = false)
class StoresTest {

    @Inject StoreWatch storeWatch;

    @Test
    void aBackupGoesToTheTargetsStoreAndIsVerifiedFromThere() {
        JsonPath artifact = artifact(verifiedBackup("orders-offsite"));
        assertThat(artifact.getString("store")).isEqualTo("offsite");
        assertThat(artifact.getString("manifest.object.store")).isEqualTo("offsite");
        String key = artifact.getString("key");
        try (S3Client s3 = HubTestResource.s3().client()) {
            assertThat(s3.headObject(b -> b.bucket(HubTestResource.S3_BUCKET).key("hub/" + key)).contentLength())
                    .isEqualTo(artifact.getLong("bytes"));
            assertThat(s3.headObject(b -> b.bucket(HubTestResource.S3_BUCKET).key("hub/" + key
                    + ObjectKeys.MANIFEST_SUFFIX)).contentLength()).isPositive();
        }
    }

    @Test
    void theDownloadIsAPresignedLinkToTheBucketThatPgRestoreReads() throws Exception {
        String id = verifiedBackup("orders-offsite");
        String location = api().redirects().follow(false).get("/api/v1/artifacts/" + id + "/download").then()
                .statusCode(302).extract().header("Location");
        assertThat(location).startsWith(HubTestResource.s3().endpoint() + "/" + HubTestResource.S3_BUCKET + "/hub/")
                .contains("X-Amz-Signature=");
        Path file = Files.createTempFile("offsite-", ".pgdump.zst");
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(location)).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        try (InputStream in = response.body()) {
            Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Processes.run(List.of("sh", "-c", "zstd -d -c \"$1\" | pg_restore --list > /dev/null", "sh", file.toString()));
        Files.delete(file);
    }

    @Test
    void deletingTheArtifactDeletesItsObjectsFromTheBucket() {
        String id = verifiedBackup("orders-offsite");
        String key = artifact(id).getString("key");
        List<String> names = List.of("hub/" + key, "hub/" + key + ObjectKeys.MANIFEST_SUFFIX);
        try (S3Client s3 = HubTestResource.s3().client()) {
            for (String name : names) {
                assertThat(s3.headObject(b -> b.bucket(HubTestResource.S3_BUCKET).key(name)).contentLength())
                        .isPositive();
            }
        }
        api().delete("/api/v1/artifacts/" + id).then().statusCode(204);
        try (S3Client s3 = HubTestResource.s3().client()) {
            for (String name : names) {
                org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> s3.headObject(b -> b.bucket(HubTestResource.S3_BUCKET).key(name)))
                        .isInstanceOfAny(NoSuchKeyException.class,
                                software.amazon.awssdk.services.s3.model.S3Exception.class);
            }
        }
    }

    @Test
    void aBackupToGcsIsVerifiedFromTheBucketAndStreamsThroughTheHub() throws Exception {
        JsonPath artifact = artifact(verifiedBackup("orders-archive"));
        assertThat(artifact.getString("store")).isEqualTo("archive");
        Path file = Files.createTempFile("archive-", ".pgdump.zst");
        // The emulator's credentials cannot sign a link: the hub streams the object itself.
        try (InputStream in = api().get("/api/v1/artifacts/" + artifact.getString("id") + "/download").then()
                .statusCode(200).extract().asInputStream()) {
            Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        assertThat(Files.size(file)).isEqualTo(artifact.getLong("bytes"));
        Processes.run(List.of("sh", "-c", "zstd -d -c \"$1\" | pg_restore --list > /dev/null", "sh", file.toString()));
        Files.delete(file);
    }

    /** A store that stops taking writes is announced once, however often it is checked, and so is its return. */
    @Test
    void aStoreGoingDownAndComingBackIsAnnouncedOnceEach() throws Exception {
        storeWatch.check();
        java.time.Instant since = java.time.Instant.now();
        HubTestResource.flakyS3().stop();
        try {
            storeWatch.check();
            storeWatch.check();
            api().get("/api/v1/stores").then().statusCode(200)
                    .body("find { it.id == 'flaky' }.state", org.hamcrest.Matchers.equalTo("down"))
                    .body("find { it.id == 'flaky' }.reason", org.hamcrest.Matchers.containsString("S3: cannot write"));
            api().get("/q/health/ready").then().statusCode(200);
        } finally {
            HubTestResource.flakyS3().restart();
        }
        storeWatch.check();
        io.backuphub.testing.Waits.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> storeEvents(since).contains("store.available"));
        assertThat(storeEvents(since)).containsExactly("store.unavailable", "store.available");
    }

    /** The store events about the store flaky the hook channel received since {@code since}, in order. */
    private static List<String> storeEvents(java.time.Instant since) throws Exception {
        List<String> events = new java.util.ArrayList<>();
        for (var request : HubTestResource.receiver().received("/hook")) {
            var event = io.backuphub.common.Json.MAPPER.readTree(request.body());
            if (event.path("event").asText().startsWith("store.") && "flaky".equals(event.at("/detail/store").asText())
                    && !java.time.Instant.parse(event.path("occurredAt").asText()).isBefore(since)) {
                events.add(event.path("event").asText());
            }
        }
        return events;
    }

    @Test
    void eachStoresStateIsShownForPeople() {
        storeWatch.check();
        api().get("/q/health/well").then()
                .body("checks.find { it.name == 'stores' }.data.offsite", org.hamcrest.Matchers.equalTo("s3: writable"))
                .body("checks.find { it.name == 'stores' }.data.local",
                        org.hamcrest.Matchers.equalTo("local: writable"));
        api().get("/api/v1/stores").then().statusCode(200)
                .body("find { it.id == 'offsite' }.state", org.hamcrest.Matchers.equalTo("up"))
                .body("find { it.id == 'offsite' }.type", org.hamcrest.Matchers.equalTo("s3"))
                .body("find { it.id == 'local' }.state", org.hamcrest.Matchers.equalTo("up"));
    }
}
