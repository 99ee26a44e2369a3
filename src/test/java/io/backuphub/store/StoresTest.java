package io.backuphub.store;

import static io.backuphub.testing.HubApi.api;
import static io.backuphub.testing.HubApi.artifact;
import static io.backuphub.testing.HubApi.verifiedBackup;
import static org.assertj.core.api.Assertions.assertThat;

import io.backuphub.testing.HubTestResource;
import io.backuphub.testing.Processes;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
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

    @Test
    void readinessProvesEveryStoreWritable() {
        api().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'store' }.data.offsite", org.hamcrest.Matchers.equalTo("s3: writable"))
                .body("checks.find { it.name == 'store' }.data.local",
                        org.hamcrest.Matchers.equalTo("local: writable"));
    }
}
