package io.backuphub.store.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backuphub.store.ArtifactStore;
import io.backuphub.store.ObjectWriter;
import io.backuphub.store.StoreContract;
import io.backuphub.testing.S3Server;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The store contract against s3proxy (the real S3 protocol, signatures checked), plus what is S3's
 * own: parts of exactly partSize with the last one shorter, abandoned multipart uploads swept,
 * presigned links a plain HTTP client can download with, wrong credentials named at the write check.
 */
class S3StoreTest extends StoreContract {

    private static final long PART = S3Settings.MIN_PART_SIZE;
    private static S3Server server;
    private String bucket;

    @BeforeAll
    static void startServer() throws IOException {
        server = S3Server.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void freshBucket() {
        bucket = "hub-" + UUID.randomUUID().toString().substring(0, 8);
        server.createBucket(bucket);
    }

    private S3Settings settings(String accessKeyFile, String secretKeyFile) {
        return new S3Settings(bucket, "backups/", server.endpoint(), "us-east-1", true, null, null, accessKeyFile,
                secretKeyFile, PART, null);
    }

    @Override
    protected ArtifactStore store() throws IOException {
        return new S3Store(settings(server.accessKeyFile().toString(), server.secretKeyFile().toString()));
    }

    @Override
    protected int temporaryObjects() throws IOException {
        return ((S3Store) store()).uploads().size();
    }

    @Test
    void aLargeWriteGoesOutInEqualPartsAndReadsBackWhole() throws IOException {
        ArtifactStore store = store();
        byte[] data = randomBytes((int) (2 * PART + 12345));
        try (ObjectWriter writer = store.create("prod/big/a.bin")) {
            try (OutputStream out = writer.stream()) {
                for (int i = 0; i < data.length; i += 100_000) {
                    out.write(data, i, Math.min(100_000, data.length - i));
                }
            }
            writer.commit();
        }
        try (InputStream in = store.open("prod/big/a.bin")) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
        try (S3Client s3 = server.client()) {
            assertThat(s3.headObject(b -> b.bucket(bucket).key("backups/prod/big/a.bin")).eTag()).endsWith("-3\"");
        }
    }

    /** The uploads of keys the hub abandoned are aborted, and only theirs: another uploader's stays. */
    @Test
    void abandonedUploadsAreSweptByKeyAndNeverListed() throws IOException {
        ArtifactStore store = store();
        ObjectWriter abandoned = store.create("prod/x/abandoned.bin");
        abandoned.stream().write(new byte[1024]);
        ObjectWriter someoneElses = store.create("prod/x/someone-elses.bin");
        someoneElses.stream().write(new byte[1024]);
        assertThat(temporaryObjects()).isEqualTo(2);
        assertThat(store.list("")).isEmpty();
        assertThat(store.removePartialWrites(List.of("prod/x/not-written.bin"))).isZero();
        assertThat(store.removePartialWrites(List.of("prod/x/abandoned.bin"))).isEqualTo(1);
        assertThat(temporaryObjects()).isEqualTo(1);
        assertThat(someoneElses.abort()).isTrue();
        assertThat(temporaryObjects()).isZero();
    }

    @Test
    void theServerDyingMidUploadFailsTheWriteWithTheReasonAndLeavesNoObject() throws IOException {
        ArtifactStore store = store();
        ObjectWriter writer = store.create("prod/x/cut.bin");
        OutputStream out = writer.stream();
        out.write(randomBytes((int) PART + 1)); // the first part is on the server
        server.stop();
        try {
            assertThatThrownBy(() -> {
                out.write(randomBytes((int) PART));
                out.close();
                writer.commit();
            }).isInstanceOf(IOException.class).hasMessageContaining("S3: cannot upload part 2 of prod/x/cut.bin");
            assertThat(writer.abort()).as("cannot reach the server: the upload stays until the sweep").isFalse();
        } finally {
            server.restart();
        }
        assertThat(store.stat("prod/x/cut.bin")).isEmpty();
        assertThat(store.list("")).isEmpty();
        assertThat(store.removePartialWrites(List.of("prod/x/cut.bin"))).isEqualTo(1);
        assertThat(temporaryObjects()).isZero();
    }

    @Test
    void aPresignedLinkDownloadsWithoutCredentials() throws Exception {
        ArtifactStore store = store();
        try (ObjectWriter writer = store.create("prod/link/a.bin")) {
            try (OutputStream out = writer.stream()) {
                out.write("linked".getBytes());
            }
            writer.commit();
        }
        URI link = store.downloadLink("prod/link/a.bin", Duration.ofDays(30)).orElseThrow();
        assertThat(link.getQuery()).contains("X-Amz-Expires=604800");
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(link).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("linked");
    }

    @Test
    void wrongCredentialsFailTheWriteCheckWithTheReasonAndNoSecret() throws IOException {
        Path wrong = Files.createTempFile("wrong-secret-", "");
        Files.writeString(wrong, "not-the-secret\n");
        S3Store store = new S3Store(settings(server.accessKeyFile().toString(), wrong.toString()));
        assertThatThrownBy(store::checkWritable).hasMessageStartingWith("S3: cannot write to bucket " + bucket)
                .hasMessageContaining("403").hasMessageNotContaining("not-the-secret");
        assertThatThrownBy(() -> store.create("prod/x/a.bin")).hasMessageContaining("403");
        Files.delete(wrong);
    }
}
