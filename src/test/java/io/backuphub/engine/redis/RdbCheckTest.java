package io.backuphub.engine.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.backuphub.engine.Fingerprint;
import io.backuphub.engine.Verification;
import io.backuphub.engine.VerifyRequest;
import io.backuphub.testing.Processes;
import io.backuphub.testing.RedisServer;
import io.backuphub.transport.LocalConnection;
import io.backuphub.transport.ProcessScope;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Verification of RDB files a real redis-server wrote (redis-cli --rdb): redis-check-rdb reads them,
 * RESIZEDB gives the keys per database; a cut or damaged RDB fails with redis-check-rdb's reason.
 */
class RdbCheckTest {

    private static RedisServer server;
    private static byte[] rdb;

    @BeforeAll
    static void snapshot() throws Exception {
        server = RedisServer.start();
        server.seed();
        Path file = Files.createTempFile("rdb-check-", ".rdb");
        Processes.run(List.of("redis-cli", "-p", String.valueOf(server.port()), "--rdb", file.toString()));
        rdb = Files.readAllBytes(file);
        Files.delete(file);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aWholeRdbIsVerifiedWithItsKeysPerDatabase() {
        Verification verification = verify(rdb);
        assertThat(verification.outcome()).as(verification.summary()).isEqualTo(Verification.Outcome.VERIFIED);
        assertThat(verification.fingerprint().tables()).containsExactly(Fingerprint.Table.counted("db0", 8),
                Fingerprint.Table.counted("db5", 2));
        assertThat(verification.evidence()).containsEntry("keys", 13L).containsEntry("databases", 3);
    }

    @Test
    void aCutRdbFailsWithRedisCheckRdbsReason() {
        Verification verification = verify(Arrays.copyOf(rdb, rdb.length - 40));
        assertThat(verification.outcome()).isEqualTo(Verification.Outcome.FAILED);
        assertThat(verification.summary()).startsWith("redis-check-rdb: ").contains("Unexpected EOF");
    }

    @Test
    void aDamagedRdbFailsItsChecksum() {
        byte[] damaged = rdb.clone();
        damaged[damaged.length - 3] ^= 0x55;
        Verification verification = verify(damaged);
        assertThat(verification.outcome()).isEqualTo(Verification.Outcome.FAILED);
        assertThat(verification.summary()).contains("CRC");
    }

    private static Verification verify(byte[] bytes) {
        try (ProcessScope scope = ProcessScope.open("rdb-check-test", null)) {
            return RdbCheck.verify(new VerifyRequest(null, "a", () -> new ByteArrayInputStream(bytes),
                    () -> new LocalConnection(scope), Map.of()));
        }
    }
}
