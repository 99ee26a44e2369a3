package io.backuphub.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.backuphub.target.Target;
import io.backuphub.testing.HubTestResource;
import io.backuphub.testing.OpenSshServer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command's stdout over SSH, against a real OpenSSH server: every byte, in order, and flow control per
 * channel. A Quarkus test only so that MINA and BouncyCastle load as in the hub (one class loader).
 */
@QuarkusTest
@QuarkusTestResource(value = HubTestResource.class, restrictToAnnotatedClass = false)
class SshStdoutTest {

    private static final int FILE_BYTES = 40 * 1024 * 1024; // five windows

    static OpenSshServer sshd;
    @TempDir static Path dir;
    static Path file;

    @BeforeAll
    static void start() throws IOException {
        sshd = OpenSshServer.start();
        byte[] data = new byte[FILE_BYTES];
        new Random(42).nextBytes(data);
        file = Files.write(dir.resolve("data.bin"), data);
        // The server may log in as an unprivileged user (OpenSshServer): it must be able to read the file.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    }

    @AfterAll
    static void stop() {
        sshd.close();
    }

    @Test
    void aReaderThatFallsBehindStillGetsEveryByteInOrder() throws Exception {
        try (ProcessScope scope = ProcessScope.open("test", Duration.ofMinutes(2));
                SshConnection ssh = connect(scope);
                RunningCommand cat = ssh.start(Command.of("cat", file.toString()))) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            InputStream out = cat.stdout();
            byte[] buffer = new byte[300_000];
            long total = 0;
            int reads = 0;
            int n;
            // Odd sizes wrap the ring at every offset; pauses let the server fill the whole window.
            while ((n = out.read(buffer, 0, 1 + (reads * 7919) % buffer.length)) >= 0) {
                digest.update(buffer, 0, n);
                total += n;
                if (++reads % 50 == 0) {
                    Thread.sleep(20);
                }
            }
            cat.awaitSuccess(Duration.ofSeconds(30));
            assertThat(total).isEqualTo(FILE_BYTES);
            assertThat(digest.digest())
                    .isEqualTo(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        }
    }

    @Test
    void aCommandWhoseStdoutNobodyReadsDoesNotHoldUpAnotherOnTheSameConnection() throws Exception {
        try (ProcessScope scope = ProcessScope.open("test", Duration.ofMinutes(2));
                SshConnection ssh = connect(scope);
                RunningCommand unread = ssh.start(Command.of("cat", file.toString()))) {
            Thread.sleep(500); // the unread command has filled its window by now
            CompletableFuture<String> echoed = CompletableFuture.supplyAsync(() -> {
                try (RunningCommand echo = ssh.start(Command.of("echo", "still flowing"))) {
                    ByteArrayOutputStream text = new ByteArrayOutputStream();
                    echo.stdout().transferTo(text);
                    echo.awaitSuccess(Duration.ofSeconds(10));
                    return text.toString().trim();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(echoed.get(20, TimeUnit.SECONDS)).isEqualTo("still flowing");
            assertThat(unread.stdout().readNBytes(1024)).hasSize(1024);
        }
    }

    private static SshConnection connect(ProcessScope scope) throws IOException {
        Target.TransportSpec spec = new Target.TransportSpec("ssh", "127.0.0.1", sshd.port(), sshd.user(),
                sshd.clientKey().toString(), null, null, sshd.knownHosts().toString(), null, null);
        return SshConnection.open(spec, new SshConnection.Settings(Duration.ofSeconds(10), Duration.ofSeconds(10),
                Duration.ofMinutes(1)), scope);
    }
}
