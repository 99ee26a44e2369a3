package io.backuphub.engine.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backuphub.testing.MariaDbServer;
import io.backuphub.testing.Processes;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The SQL dump reader on real mariadb-dump output: rows counted through every quoting trap, cuts caught. */
class MysqlDumpReaderTest {

    private static MariaDbServer server;
    private static byte[] dump;

    @BeforeAll
    static void dump() throws IOException {
        server = MariaDbServer.start();
        server.seed();
        Path file = Files.createTempFile("shop-", ".sql");
        Processes.run(List.of("sh", "-c", "mariadb-dump --no-defaults --protocol=TCP -h127.0.0.1 -P\"$1\" -uroot"
                + " --single-transaction --routines --triggers --events --hex-blob shop > \"$2\"", "sh",
                String.valueOf(server.port()), file.toString()));
        dump = Files.readAllBytes(file);
        Files.delete(file);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void everyRowOfEveryTableIsCountedThroughQuotesParenthesesAndBackslashes() throws IOException {
        MysqlDumpReader.Contents contents = MysqlDumpReader.read(new ByteArrayInputStream(dump));
        assertThat(contents.fingerprint().tables()).extracting(t -> t.name() + " " + t.rows())
                .containsExactlyInAnyOrder("orders 3003", "Odd Name 2", "empty_one 0");
        assertThat(contents.bytes()).isEqualTo(dump.length);
        assertThat(MysqlDumpReader.describe(Arrays.copyOf(dump, 8192))).containsEntry("flavor", "mariadb")
                .containsKey("serverVersion");
    }

    @Test
    void aDumpCutAnywhereBeforeItsTrailerIsIncomplete() {
        int trailer = new String(dump, StandardCharsets.ISO_8859_1).lastIndexOf("-- Dump completed");
        for (int length = 0; length < trailer; length += Math.max(1, trailer / 89)) {
            byte[] cut = Arrays.copyOf(dump, length);
            assertThatThrownBy(() -> MysqlDumpReader.read(new ByteArrayInputStream(cut))).as("cut at %d", length)
                    .hasMessageContaining("the dump is incomplete");
        }
    }

    @Test
    void aChangedValueChangesTheTablesChecksumButNotTheOthers() throws IOException {
        String text = new String(dump, StandardCharsets.ISO_8859_1);
        byte[] changed = text.replace("'row 17'", "'row 71'").getBytes(StandardCharsets.ISO_8859_1);
        var before = MysqlDumpReader.read(new ByteArrayInputStream(dump)).fingerprint();
        var after = MysqlDumpReader.read(new ByteArrayInputStream(changed)).fingerprint();
        assertThat(before.differences(after)).singleElement().asString().startsWith("orders: same row count");
    }
}
