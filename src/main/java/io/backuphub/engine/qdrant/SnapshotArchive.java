package io.backuphub.engine.qdrant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.backuphub.engine.Fingerprint;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A Qdrant artifact: a tar holding each collection's snapshot as Qdrant made it
 * ({@code <collection>.snapshot}, itself a tar), then {@value #INDEX}, which lists every snapshot
 * with its size, SHA-256, Qdrant's checksum, and the collection's points count and vector
 * configuration when the snapshot was taken. Standard {@code tar -x} unpacks it.
 */
final class SnapshotArchive {

    static final String INDEX = "backup-hub-qdrant.json";
    static final String SUFFIX = ".snapshot";
    /** The fingerprint's name for the collection of a one-collection artifact (restored under any name). */
    static final String ONE_COLLECTION = "points";
    private static final JsonMapper CANONICAL = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

    /** One collection as the index lists it. */
    record Entry(String collection, String snapshot, long size, String sha256, String qdrantChecksum, long points,
            JsonNode vectors) {
    }

    record Index(List<Entry> collections) {
    }

    private SnapshotArchive() {
    }

    /** Writes the archive entry by entry: a snapshot's size must be known before its bytes. */
    static final class Writer implements AutoCloseable {

        private final TarArchiveOutputStream tar;
        private final List<Entry> entries = new ArrayList<>();

        Writer(OutputStream out) {
            tar = new TarArchiveOutputStream(out);
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        }

        /** Copies exactly {@code size} bytes of {@code snapshot}; returns their SHA-256 (hex). */
        String add(String collection, long size, InputStream snapshot) throws IOException {
            TarArchiveEntry entry = new TarArchiveEntry(collection + SUFFIX);
            entry.setSize(size);
            tar.putArchiveEntry(entry);
            MessageDigest sha256 = sha256();
            byte[] buf = new byte[256 * 1024];
            long copied = 0;
            int n;
            while (copied < size && (n = snapshot.read(buf, 0, (int) Math.min(buf.length, size - copied))) > 0) {
                sha256.update(buf, 0, n);
                tar.write(buf, 0, n);
                copied += n;
            }
            if (copied < size || snapshot.read() >= 0) {
                throw new IOException("the snapshot of " + collection + " was " + (copied < size
                        ? "cut off after " + copied + " of " + size + " bytes" : "longer than the " + size
                                + " bytes Qdrant announced"));
            }
            tar.closeArchiveEntry();
            return HexFormat.of().formatHex(sha256.digest());
        }

        void record(Entry entry) {
            entries.add(entry);
        }

        /** Writes the index and ends the archive. */
        @Override
        public void close() throws IOException {
            byte[] index = CANONICAL.writerWithDefaultPrettyPrinter().writeValueAsBytes(new Index(entries));
            TarArchiveEntry entry = new TarArchiveEntry(INDEX);
            entry.setSize(index.length);
            tar.putArchiveEntry(entry);
            tar.write(index);
            tar.closeArchiveEntry();
            tar.finish();
            tar.close();
        }
    }

    /** What reading a whole archive found: the index, checked against every snapshot's bytes. */
    record Contents(Index index, Map<String, Long> innerEntries, long bytes) {

        Fingerprint fingerprint() {
            boolean one = index.collections().size() == 1;
            return new Fingerprint(index.collections().stream()
                    .map(e -> table(one ? ONE_COLLECTION : e.collection(), e.points(), e.vectors())).toList());
        }
    }

    /** A collection's fingerprint entry: its points count, and a checksum of its vector configuration. */
    static Fingerprint.Table table(String name, long points, JsonNode vectors) {
        try {
            byte[] canonical = CANONICAL.writeValueAsBytes(CANONICAL.treeToValue(vectors, Object.class));
            long first = ByteBuffer.wrap(sha256().digest(canonical)).getLong();
            return new Fingerprint.Table(name, points, String.format("%016x", first));
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise a vector configuration", e);
        }
    }

    /**
     * Reads every entry to the end: each snapshot must be a readable tar whose size and SHA-256 match
     * the index (and Qdrant's checksum, where it gave one); the index must list exactly the snapshots.
     */
    static Contents read(InputStream in) throws IOException {
        TarArchiveInputStream tar = new TarArchiveInputStream(in);
        Map<String, String> digests = new LinkedHashMap<>();
        Map<String, Long> sizes = new LinkedHashMap<>();
        Map<String, Long> innerEntries = new LinkedHashMap<>();
        Index index = null;
        TarArchiveEntry entry;
        while ((entry = tar.getNextEntry()) != null) {
            String name = entry.getName();
            if (name.equals(INDEX)) {
                index = CANONICAL.readValue(tar.readAllBytes(), Index.class);
            } else if (name.endsWith(SUFFIX)) {
                MessageDigest sha256 = sha256();
                DigestInputStream digesting = new DigestInputStream(tar, sha256);
                innerEntries.put(name, countEntries(digesting, name));
                digesting.transferTo(OutputStream.nullOutputStream());
                digests.put(name, HexFormat.of().formatHex(sha256.digest()));
                sizes.put(name, entry.getSize());
            } else {
                throw new IOException("unexpected entry " + name + " in a Qdrant artifact");
            }
        }
        if (index == null) {
            throw new IOException("the artifact has no " + INDEX + ": it is truncated or not a backup-hub Qdrant"
                    + " artifact");
        }
        for (Entry e : index.collections()) {
            String name = e.collection() + SUFFIX;
            if (!digests.containsKey(name)) {
                throw new IOException("the snapshot of " + e.collection() + " is missing from the artifact");
            }
            if (sizes.get(name) != e.size() || !digests.get(name).equals(e.sha256())) {
                throw new IOException("the snapshot of " + e.collection() + " does not match its SHA-256");
            }
            if (e.qdrantChecksum() != null && !e.qdrantChecksum().equalsIgnoreCase(e.sha256())) {
                throw new IOException("the snapshot of " + e.collection() + " does not match Qdrant's checksum");
            }
            digests.remove(name);
        }
        if (!digests.isEmpty()) {
            throw new IOException("the artifact holds snapshots its index does not list: " + digests.keySet());
        }
        return new Contents(index, innerEntries, tar.getBytesRead());
    }

    /** A snapshot is a tar of Qdrant's files: read to its end, it proves it is whole. */
    private static long countEntries(InputStream snapshot, String name) throws IOException {
        TarArchiveInputStream inner = new TarArchiveInputStream(new NonClosing(snapshot));
        long entries = 0;
        try {
            while (inner.getNextEntry() != null) {
                inner.transferTo(OutputStream.nullOutputStream());
                entries++;
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException(name + " is not a readable snapshot: " + e.getMessage(), e);
        }
        if (entries == 0) {
            throw new IOException(name + " is not a readable snapshot: it holds no files");
        }
        return entries;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Keeps the outer tar open when the inner reader is done with a snapshot. */
    private static final class NonClosing extends java.io.FilterInputStream {

        NonClosing(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
        }
    }
}
