package io.backuphub.engine.questdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.backuphub.engine.Fingerprint;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The QuestDB backup reader on tars shaped like the ones {@code tar} makes of a checkpointed root:
 * row counts from the checkpoint's {@code _txn} (header A or B by the version's parity), and every way
 * an artifact can be incomplete. QuestDbEngineTest reads real ones.
 */
class CheckpointArchiveTest {

    private static final Map<String, String> TABLES = Map.of("trades", "trades~6", "plain", "plain");

    @Test
    void rowsComeFromTheCheckpointsTransactionFilesWhicheverHeaderIsCurrent() throws IOException {
        byte[] tar = tar(true);
        Fingerprint fingerprint = CheckpointArchive.read(new ByteArrayInputStream(tar)).fingerprint(TABLES);
        assertThat(fingerprint.tables()).containsExactly(Fingerprint.Table.counted("plain", 7),
                Fingerprint.Table.counted("trades", 100));
    }

    @Test
    void aTarCutAtAnEntryBoundaryIsTruncatedNotComplete() throws IOException {
        byte[] whole = tar(true);
        // Everything but the end-of-archive marker and padding: a stream that stopped between two files.
        byte[] cut = Arrays.copyOf(whole, lastEntryEnd(whole));
        assertThatThrownBy(() -> CheckpointArchive.read(new ByteArrayInputStream(cut)))
                .hasMessageContaining("truncated");
        byte[] midFile = Arrays.copyOf(whole, 1024 + 100);
        assertThatThrownBy(() -> CheckpointArchive.read(new ByteArrayInputStream(midFile)))
                .isInstanceOf(IOException.class);
    }

    @Test
    void aTableRecordedAtCheckpointTimeMustBeInTheArchive() throws IOException {
        CheckpointArchive.Contents contents = CheckpointArchive.read(new ByteArrayInputStream(tar(false)));
        assertThatThrownBy(() -> contents.fingerprint(TABLES)).hasMessageContaining("trades")
                .hasMessageContaining("db/trades~6/");
    }

    @Test
    void aFolderHoldingAnotherTableIsNotTheRecordedTable() throws IOException {
        CheckpointArchive.Contents contents = CheckpointArchive.read(new ByteArrayInputStream(tar(true)));
        assertThatThrownBy(() -> contents.fingerprint(Map.of("renamed", "plain")))
                .hasMessageContaining("folder plain holds table plain, not renamed");
    }

    /** A root as tar makes it: the checkpoint's copies, the tables' folders (trades optional), a config. */
    private static byte[] tar(boolean withTrades) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            add(tar, ".checkpoint/db/trades~6/_name", name("trades"));
            add(tar, ".checkpoint/db/trades~6/_txn", txn(1, 5, 95));
            add(tar, ".checkpoint/db/plain/_name", name("plain"));
            add(tar, ".checkpoint/db/plain/_txn", txn(2, 7, 0));
            if (withTrades) {
                add(tar, "db/trades~6/2024-01-01/price.d", new byte[4096]);
            }
            add(tar, "db/plain/id.d", new byte[56]);
            add(tar, "conf/server.conf", "pg.net.bind.to=0.0.0.0:8812\n".getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static void add(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name);
        entry.setSize(content.length);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    /** QuestDB's _txn: version, header A at 8 and B at 32 (offsets of the record), record at 64. */
    private static byte[] txn(long version, long transientRows, long fixedRows) {
        ByteBuffer buf = ByteBuffer.allocate(256).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(0, version);
        buf.putInt(8, version % 2 == 0 ? 64 : 0);
        buf.putInt(32, version % 2 == 1 ? 64 : 0);
        buf.putLong(64, version);
        buf.putLong(72, transientRows);
        buf.putLong(80, fixedRows);
        return buf.array();
    }

    private static byte[] name(String table) {
        ByteBuffer buf = ByteBuffer.allocate(4 + 2 * table.length() + 1).order(ByteOrder.LITTLE_ENDIAN);
        buf.putInt(table.length());
        buf.put(table.getBytes(StandardCharsets.UTF_16LE));
        return buf.array();
    }

    /** The offset just past the last entry's data (rounded to 512): where the end-of-archive marker starts. */
    private static int lastEntryEnd(byte[] tar) {
        int end = tar.length;
        while (end >= 512 && isZero(tar, end - 512, end)) {
            end -= 512;
        }
        return end;
    }

    private static boolean isZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
