package io.backuphub.backup;

import static io.backuphub.testing.HubApi.api;
import static io.backuphub.testing.HubApi.awaitFinished;
import static io.backuphub.testing.HubApi.download;
import static io.backuphub.testing.HubApi.requestBackup;
import static org.assertj.core.api.Assertions.assertThat;

import io.backuphub.testing.HubTestResource;
import io.backuphub.testing.PostgresCluster;
import io.backuphub.testing.Processes;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The promise of the product, checked the way an operator would: back up through the API, download
 * the artifact, decode it with the standard zstd / age / gzip CLIs, pg_restore it, and find every
 * row of every table as it was.
 */
@QuarkusTest
@QuarkusTestResource(value = HubTestResource.class, restrictToAnnotatedClass = false)
class BackupEndToEndTest {

    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);

    @TempDir Path tmp;

    @Test
    void backsUpOverSshVerifiesAndRestoresWithZstdAndPgRestore() throws Exception {
        PostgresCluster pg = HubTestResource.postgres();
        Map<String, String> source = pg.fingerprint("orders");
        assertThat(source).containsKeys("public.customers", "public.orders", "public.order_items");

        String jobId = requestBackup("orders");
        JsonPath job = awaitFinished(jobId, JOB_TIMEOUT);
        assertThat(job.getString("status")).as("job error: %s", job.getString("error")).isEqualTo("succeeded");
        assertThat(job.getString("verification")).isEqualTo("verified");
        assertThat(job.getString("trigger")).isEqualTo("api");
        assertThat(job.getString("triggeredBy")).isEqualTo("admin");
        assertThat(job.getLong("bytes")).isPositive();
        assertThat(job.getLong("durationMs")).isNotNegative();

        String artifactId = job.getString("artifactId");
        JsonPath artifact = api().get("/api/v1/artifacts/" + artifactId).then().statusCode(200).extract().jsonPath();
        assertThat(artifact.getString("key")).matches(
                "production/orders/\\d{4}/\\d{2}/\\d{2}/orders-\\d{8}T\\d{6}Z-" + jobId + "\\.pgdump\\.zst");
        assertThat(artifact.getString("verification")).isEqualTo("verified");
        // The verification's evidence is kept with the artifact: what pg_restore read.
        assertThat(artifact.getInt("verificationEvidence.tables")).isEqualTo(3);
        assertThat(artifact.getInt("verificationEvidence.tableData")).isEqualTo(3);
        assertThat(artifact.getLong("verificationEvidence.decodedBytes")).isEqualTo(artifact.getLong("dumpBytes"));
        assertThat(artifact.getString("manifest.source.serverVersion")).startsWith("15.");
        assertThat(artifact.getString("manifest.source.toolVersion")).startsWith("pg_dump 15.");
        assertThat(artifact.getString("manifest.compression.codec")).isEqualTo("zstd");
        assertThat(artifact.getInt("manifest.compression.level")).isEqualTo(3);
        assertThat(artifact.getList("manifest.databases")).containsExactly("orders");

        // The object and its manifest sit in the store, the manifest naming the object's checksum.
        Path object = HubTestResource.storeDir().resolve(artifact.getString("key"));
        assertThat(object).exists();
        String manifest = Files.readString(Path.of(object + ".manifest.json"));
        assertThat(manifest).contains(artifact.getString("sha256"));

        Path downloaded = download(artifactId, tmp.resolve("orders.pgdump.zst"));
        assertThat(sha256(downloaded)).isEqualTo(artifact.getString("sha256"));
        assertThat(Files.size(downloaded)).isEqualTo(artifact.getLong("bytes"));

        Path dump = tmp.resolve("orders.pgdump");
        Processes.run(List.of("zstd", "-q", "-d", downloaded.toString(), "-o", dump.toString()));
        assertThat(Files.size(dump)).isEqualTo(artifact.getLong("dumpBytes"));
        pg.restore(dump, "orders_restored_zstd");
        assertThat(pg.fingerprint("orders_restored_zstd")).isEqualTo(source);
    }

    /** An encrypted backup the hub holds no identity for cannot be read back: skipped, and saying why. */
    @Test
    void withoutAnIdentityAnEncryptedBackupIsStoredButItsVerificationSkipped() {
        JsonPath job = awaitFinished(requestBackup("orders-age-no-identity"), JOB_TIMEOUT);
        assertThat(job.getString("status")).as("job error: %s", job.getString("error")).isEqualTo("succeeded");
        assertThat(job.getString("verification")).isEqualTo("skipped");
        api().get("/api/v1/artifacts/" + job.getString("artifactId")).then().statusCode(200)
                .body("verification", org.hamcrest.Matchers.equalTo("skipped"))
                .body("verificationSummary", org.hamcrest.Matchers.containsString("holds no identity"));
    }

    /** SSH password authentication (a key is the better choice, but some hosts only offer this). */
    @Test
    void backsUpOverSshWithAPassword() {
        org.junit.jupiter.api.Assumptions.assumeTrue(HubTestResource.sshPasswordTarget(),
                "needs the SSH test user's password: .ci/run sets it for "
                        + io.backuphub.testing.OpenSshServer.UNPRIVILEGED_USER);
        JsonPath job = awaitFinished(requestBackup("orders-ssh-password"), JOB_TIMEOUT);
        assertThat(job.getString("status")).as("job error: %s", job.getString("error")).isEqualTo("succeeded");
        assertThat(job.getString("verification")).isEqualTo("verified");
    }

    @Test
    void encryptedBackupDecryptsWithTheAgeCli() throws Exception {
        PostgresCluster pg = HubTestResource.postgres();
        JsonPath job = awaitFinished(requestBackup("orders-age"), JOB_TIMEOUT);
        assertThat(job.getString("status")).as("job error: %s", job.getString("error")).isEqualTo("succeeded");
        assertThat(job.getString("verification")).isEqualTo("verified");

        JsonPath artifact = api().get("/api/v1/artifacts/" + job.getString("artifactId")).then().statusCode(200)
                .extract().jsonPath();
        assertThat(artifact.getString("key")).endsWith(".pgdump.zst.age");
        assertThat(artifact.getBoolean("encrypted")).isTrue();
        assertThat(artifact.getList("manifest.encryption.recipients")).containsExactly(HubTestResource.ageRecipient());

        Path downloaded = download(job.getString("artifactId"), tmp.resolve("orders.pgdump.zst.age"));
        assertThat(new String(Files.readAllBytes(downloaded), 0, 21, StandardCharsets.US_ASCII))
                .isEqualTo("age-encryption.org/v1");
        Path compressed = tmp.resolve("orders.pgdump.zst");
        Processes.run(List.of("age", "-d", "-i", HubTestResource.ageIdentity().toString(), "-o", compressed.toString(),
                downloaded.toString()));
        Path dump = tmp.resolve("orders.pgdump");
        Processes.run(List.of("zstd", "-q", "-d", compressed.toString(), "-o", dump.toString()));
        pg.restore(dump, "orders_restored_age");
        assertThat(pg.fingerprint("orders_restored_age")).isEqualTo(pg.fingerprint("orders"));
    }

    @Test
    void localTransportWithGzip() throws Exception {
        PostgresCluster pg = HubTestResource.postgres();
        JsonPath job = awaitFinished(requestBackup("orders-local"), JOB_TIMEOUT);
        assertThat(job.getString("status")).as("job error: %s", job.getString("error")).isEqualTo("succeeded");
        assertThat(job.getString("verification")).isEqualTo("verified");

        Path downloaded = download(job.getString("artifactId"), tmp.resolve("orders.pgdump.gz"));
        Path dump = tmp.resolve("orders.pgdump");
        Processes.run(List.of("sh", "-c", "gzip -dc \"$1\" > \"$2\"", "sh", downloaded.toString(), dump.toString()));
        pg.restore(dump, "orders_restored_gzip");
        assertThat(pg.fingerprint("orders_restored_gzip")).isEqualTo(pg.fingerprint("orders"));
    }

    @Test
    void reverifyingReadsTheObjectBackAndCatchesCorruption() throws Exception {
        JsonPath backup = awaitFinished(requestBackup("orders-local"), JOB_TIMEOUT);
        String artifactId = backup.getString("artifactId");

        String intact = api().post("/api/v1/artifacts/" + artifactId + "/verify").then().statusCode(202)
                .extract().path("id");
        JsonPath verified = awaitFinished(intact, JOB_TIMEOUT);
        assertThat(verified.getString("status")).isEqualTo("succeeded");
        assertThat(verified.getString("kind")).isEqualTo("verify");

        // Flip one byte in the middle of the stored object, as a failing disk would.
        String key = api().get("/api/v1/artifacts/" + artifactId).then().extract().path("key");
        try (RandomAccessFile file = new RandomAccessFile(HubTestResource.storeDir().resolve(key).toFile(), "rw")) {
            long middle = file.length() / 2;
            file.seek(middle);
            int b = file.read();
            file.seek(middle);
            file.write(b ^ 0x40);
        }
        String corrupt = api().post("/api/v1/artifacts/" + artifactId + "/verify").then().statusCode(202)
                .extract().path("id");
        JsonPath failed = awaitFinished(corrupt, JOB_TIMEOUT);
        assertThat(failed.getString("status")).isEqualTo("failed");
        JsonPath artifact = api().get("/api/v1/artifacts/" + artifactId).then().extract().jsonPath();
        assertThat(artifact.getString("verification")).isEqualTo("verify_failed");
        assertThat(api().get("/api/v1/jobs/" + backup.getString("id")).then().extract().path("verification").toString())
                .isEqualTo("verify_failed");
    }

    static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (var in = Files.newInputStream(file)) {
            byte[] buf = new byte[65536];
            int n;
            while ((n = in.read(buf)) > 0) {
                digest.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
