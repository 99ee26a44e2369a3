package io.backuphub.engine.questdb;

import io.backuphub.engine.Fingerprint;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Reads a QuestDB backup (a tar of the data root taken under a checkpoint) to its end-of-archive
 * marker: every entry's bytes, the table folders under {@code db/}, and each table's row count as the
 * checkpoint recorded it. The checkpoint keeps a copy of every table's {@code _txn} (its committed
 * transaction: rows in the last partition plus rows in the others) under {@code .checkpoint/db/};
 * that is exactly what a restore from this backup holds before any pending WAL is applied.
 */
final class CheckpointArchive {

    /** {@code _txn} layout (QuestDB's TableUtils, stable since 6.x): the version picks header A or B. */
    private static final int TXN_VERSION = 0;
    private static final int TXN_BASE_A = 8;
    private static final int TXN_BASE_B = 32;
    private static final int TXN_TRANSIENT_ROWS = 8;
    private static final int TXN_FIXED_ROWS = 16;
    /** Small files the reader keeps in memory; anything larger is streamed past. */
    private static final int SMALL_FILE = 1024 * 1024;
    private static final String CHECKPOINT_DB = ".checkpoint/db/";

    /** What the archive holds: the folders under db/, each checkpointed table's rows by folder, and its name. */
    record Contents(Set<String> directories, Map<String, Long> checkpointRows, Map<String, String> checkpointNames,
            long entries, long bytes) {

        /**
         * Rows per table of {@code tables} (name → folder, as recorded at checkpoint time), as the
         * checkpoint holds them; throws when a table's folder or its checkpoint record is missing.
         */
        Fingerprint fingerprint(Map<String, String> tables) throws IOException {
            List<Fingerprint.Table> counted = new ArrayList<>();
            for (Map.Entry<String, String> table : new TreeMap<>(tables).entrySet()) {
                String folder = table.getValue();
                Long rows = checkpointRows.get(folder);
                if (!directories.contains(folder) || rows == null) {
                    throw new IOException("table " + table.getKey() + " was there at checkpoint time, but the archive"
                            + " has no " + (rows == null ? ".checkpoint/db/" : "db/") + folder + "/");
                }
                String name = checkpointNames.get(folder);
                if (name != null && !name.equals(table.getKey())) {
                    throw new IOException("folder " + folder + " holds table " + name + ", not " + table.getKey());
                }
                counted.add(Fingerprint.Table.counted(table.getKey(), rows));
            }
            return new Fingerprint(counted);
        }
    }

    private CheckpointArchive() {
    }

    static Contents read(InputStream in) throws IOException {
        Set<String> directories = new TreeSet<>();
        Map<String, Long> rows = new TreeMap<>();
        Map<String, String> names = new TreeMap<>();
        long entries = 0;
        long bytes = 0;
        CheckedTar tar = new CheckedTar(in);
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
            entries++;
            String path = entry.getName().startsWith("./") ? entry.getName().substring(2) : entry.getName();
            if (path.startsWith("db/") && path.indexOf('/', 3) > 3) {
                directories.add(path.substring(3, path.indexOf('/', 3)));
            }
            String table = checkpointed(path, "_txn");
            String named = checkpointed(path, "_name");
            if ((table != null || named != null) && entry.getSize() <= SMALL_FILE) {
                byte[] content = tar.readAllBytes();
                bytes += content.length;
                if (table != null) {
                    rows.put(table, rows(content, path));
                } else {
                    names.put(named, name(content, path));
                }
            } else {
                bytes += tar.transferTo(OutputStream.nullOutputStream());
            }
        }
        if (tar.truncated) {
            throw new IOException("the tar ends without its end-of-archive marker after " + entries
                    + " entries: the artifact is truncated");
        }
        if (entries == 0) {
            throw new IOException("the artifact is an empty tar, not a QuestDB backup");
        }
        return new Contents(directories, rows, names, entries, bytes);
    }

    /** The table folder of {@code .checkpoint/db/<folder>/<file>}, or null. */
    private static String checkpointed(String path, String file) {
        if (!path.startsWith(CHECKPOINT_DB) || !path.endsWith("/" + file)) {
            return null;
        }
        String folder = path.substring(CHECKPOINT_DB.length(), path.length() - file.length() - 1);
        return folder.isEmpty() || folder.contains("/") ? null : folder;
    }

    static long rows(byte[] txn, String path) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(txn).order(ByteOrder.LITTLE_ENDIAN);
        try {
            long version = buf.getLong(TXN_VERSION);
            int base = buf.getInt((version & 1) == 0 ? TXN_BASE_A : TXN_BASE_B);
            long transientRows = buf.getLong(base + TXN_TRANSIENT_ROWS);
            long fixedRows = buf.getLong(base + TXN_FIXED_ROWS);
            if (base < 64 || transientRows < 0 || fixedRows < 0) {
                throw new IOException(path + " is not a QuestDB transaction file");
            }
            return transientRows + fixedRows;
        } catch (IndexOutOfBoundsException e) {
            throw new IOException(path + " is too short for a QuestDB transaction file (" + txn.length + " bytes)");
        }
    }

    /** {@code _name}: the table's name as a length-prefixed UTF-16LE string. */
    private static String name(byte[] content, String path) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(content).order(ByteOrder.LITTLE_ENDIAN);
        if (content.length < 4 || buf.getInt(0) < 0 || 4 + 2L * buf.getInt(0) > content.length) {
            throw new IOException(path + " is not a QuestDB table name file");
        }
        return new String(content, 4, 2 * buf.getInt(0), StandardCharsets.UTF_16LE);
    }

    /** A tar reader that tells a stream cut at an entry boundary (no end-of-archive marker) from a whole one. */
    private static final class CheckedTar extends TarArchiveInputStream {

        private boolean sawEndMarker;
        private boolean truncated;

        CheckedTar(InputStream in) {
            super(in);
        }

        @Override
        protected byte[] readRecord() throws IOException {
            byte[] record = super.readRecord();
            if (record == null) {
                truncated |= !sawEndMarker;
            } else if (isEOFRecord(record)) {
                sawEndMarker = true;
            }
            return record;
        }
    }
}
