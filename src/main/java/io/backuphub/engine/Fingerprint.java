package io.backuphub.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a backup holds, table by table: the row count and a checksum of the rows' content. Computed
 * from the dump when it is verified, and from a database after a restore, so the two can be compared.
 * <p>
 * The checksum of a table is the sum, modulo 2^64, of the first 8 bytes (big-endian) of the SHA-256 of
 * each row's text, shown as 16 hex digits. A sum does not depend on row order, which neither a dump
 * nor a {@code SELECT} promises. What "a row's text" is, is the engine's to define so that both sides
 * produce the same bytes (PostgreSQL: the row's line in COPY text format, docs/restore.md). An
 * engine that can count rows on both sides but not read their content (QuestDB's checkpoint, Redis's
 * keys) gives no checksum: its tables compare by count alone.
 */
public record Fingerprint(List<Table> tables) {

    public record Table(String name, long rows, String checksum) {

        /** A table compared by its row count alone. */
        public static Table counted(String name, long rows) {
            return new Table(name, rows, null);
        }
    }

    public Fingerprint {
        tables = List.copyOf(tables);
    }

    /**
     * Every table whose rows or checksum differ from {@code restored}, or that only one side has, as
     * "name: what differs". Empty when they are equal.
     */
    public List<String> differences(Fingerprint restored) {
        Map<String, Table> other = new LinkedHashMap<>();
        restored.tables.forEach(t -> other.put(t.name(), t));
        List<String> differences = new ArrayList<>();
        for (Table expected : tables) {
            Table actual = other.remove(expected.name());
            if (actual == null) {
                differences.add(expected.name() + ": missing after restore (" + expected.rows() + " rows expected)");
            } else if (actual.rows() != expected.rows()) {
                differences.add(expected.name() + ": " + actual.rows() + " rows, expected " + expected.rows());
            } else if (expected.checksum() != null && !expected.checksum().equals(actual.checksum())) {
                differences.add(expected.name() + ": same row count (" + expected.rows()
                        + "), different content (checksum " + actual.checksum() + ", expected " + expected.checksum()
                        + ")");
            }
        }
        other.values().stream()
                .filter(t -> t.rows() > 0)
                .forEach(t -> differences.add(t.name() + ": not in the backup, has " + t.rows() + " rows"));
        return differences;
    }

    public long totalRows() {
        return tables.stream().mapToLong(Table::rows).sum();
    }

    /** Accumulates rows table by table, in any order. Not thread-safe: one per reader. */
    public static final class Builder {

        private static final VarHandle FIRST_LONG = MethodHandles.byteArrayViewVarHandle(long[].class,
                ByteOrder.BIG_ENDIAN);

        private final Map<String, long[]> sums = new TreeMap<>();
        private final MessageDigest sha256;
        private final byte[] rowHash = new byte[32]; // reused: a dump has millions of rows
        private long[] current;

        public Builder() {
            try {
                sha256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("the JDK has no SHA-256", e);
            }
        }

        /** Starts (or resumes) a table; rows added next count toward it. */
        public Builder table(String name) {
            current = sums.computeIfAbsent(name, n -> new long[2]);
            return this;
        }

        /** Part of the current row's text (a long row arrives in parts); {@link #endRow()} ends it. */
        public void rowPart(byte[] buf, int offset, int length) {
            sha256.update(buf, offset, length);
        }

        /** Ends the current row: its text is what {@link #rowPart} was given since the last row, without a line end. */
        public void endRow() {
            try {
                sha256.digest(rowHash, 0, rowHash.length);
            } catch (DigestException e) {
                throw new IllegalStateException("SHA-256 gives 32 bytes", e);
            }
            current[0]++;
            current[1] += (long) FIRST_LONG.get(rowHash, 0);
        }

        public Fingerprint build() {
            List<Table> tables = new ArrayList<>();
            sums.forEach((name, sum) -> tables.add(new Table(name, sum[0], String.format("%016x", sum[1]))));
            return new Fingerprint(tables);
        }
    }
}
