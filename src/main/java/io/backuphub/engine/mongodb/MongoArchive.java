package io.backuphub.engine.mongodb;

import io.backuphub.engine.Fingerprint;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a mongodump archive (the tools' common/archive/spec.md) as a stream: magic number, header,
 * collection metadata, terminator, then namespace segments of BSON documents and an EOF header per
 * namespace carrying the CRC-64 of its documents. A truncated or malformed archive, a CRC that does
 * not match, or a collection whose data never ended is an {@link IOException} saying where.
 * <p>
 * The fingerprint names a collection {@code collection} when the archive holds one database (so a
 * restore under another name compares equal) and {@code db.collection} otherwise; a document's text
 * is its BSON bytes, as the server sent them.
 */
final class MongoArchive {

    static final int MAGIC = 0x8199e26d;
    private static final int TERMINATOR = -1;
    private static final int MAX_DOCUMENT = 48 * 1024 * 1024; // 16 MiB BSON limit, with room for the server's own

    /** The archive's header and collection list. */
    record Prelude(String archiveVersion, String serverVersion, String toolVersion, List<Collection> collections) {

        Set<String> databases() {
            Set<String> names = new TreeSet<>();
            collections.forEach(c -> names.add(c.db()));
            return names;
        }

        Map<String, Object> facts() {
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("serverVersion", serverVersion);
            facts.put("toolVersion", toolVersion);
            facts.put("archiveVersion", archiveVersion);
            return facts;
        }
    }

    /** A collection (or view) as listed in the prelude; {@code dataCollection} is where its documents are. */
    record Collection(String db, String name, String type) {

        String namespace() {
            return db + "." + name;
        }

        /** Timeseries data is dumped from the buckets collection; views have no data. */
        String dataNamespace() {
            return "timeseries".equals(type) ? db + ".system.buckets." + name : namespace();
        }

        boolean hasData() {
            return !"view".equals(type);
        }
    }

    /** What a whole read found. */
    record Contents(Prelude prelude, Fingerprint fingerprint, long documents, long bytes, int namespaces) {
    }

    private final DataInputStream in;
    private long offset;

    private MongoArchive(InputStream in) {
        this.in = new DataInputStream(in);
    }

    /** Reads only the magic number and the header (its collection list is empty). */
    static Prelude header(InputStream in) throws IOException {
        return new MongoArchive(in).readHeader();
    }

    /** Reads only the magic number, header and collection list. */
    static Prelude prelude(InputStream in) throws IOException {
        return new MongoArchive(in).readPrelude();
    }

    /** Reads the whole archive, checking every namespace's CRC, and fingerprints its documents. */
    static Contents read(InputStream in) throws IOException {
        return new MongoArchive(in).readAll();
    }

    private Prelude readPrelude() throws IOException {
        Prelude header = readHeader();
        List<Collection> collections = new ArrayList<>();
        Bson.Doc metadata;
        while ((metadata = document("the collection metadata", false)) != null) {
            collections.add(new Collection(metadata.string("db"), metadata.string("collection"),
                    metadata.string("type")));
        }
        return new Prelude(header.archiveVersion(), header.serverVersion(), header.toolVersion(),
                List.copyOf(collections));
    }

    private Prelude readHeader() throws IOException {
        int magic = int32("the magic number");
        if (magic != MAGIC) {
            throw new IOException(String.format("not a mongodump archive: magic number %08x, expected %08x", magic,
                    MAGIC));
        }
        Bson.Doc header = document("the archive header", false);
        if (header == null) {
            throw malformed("the header is missing");
        }
        return new Prelude(header.string("version"), header.string("server_version"), header.string("tool_version"),
                List.of());
    }

    private Contents readAll() throws IOException {
        Prelude prelude = readPrelude();
        boolean oneDatabase = prelude.databases().size() <= 1;
        Map<String, String> tableNames = new LinkedHashMap<>();
        for (Collection c : prelude.collections()) {
            if (c.hasData()) {
                tableNames.put(c.dataNamespace(), oneDatabase ? c.dataNamespace().substring(c.db().length() + 1)
                        : c.dataNamespace());
            }
        }
        Fingerprint.Builder fingerprint = new Fingerprint.Builder();
        tableNames.values().forEach(fingerprint::table); // an empty collection is in the fingerprint too
        Map<String, Crc64> open = new LinkedHashMap<>();
        Set<String> ended = new LinkedHashSet<>();
        long documents = 0;
        long bytes = 0;
        while (true) {
            long at = offset;
            Bson.Doc header = document("a namespace header", true);
            if (header == null) {
                break; // the end of the archive, at a segment boundary
            }
            String namespace = header.string("db") + "." + header.string("collection");
            if (ended.contains(namespace)) {
                throw malformed("namespace " + namespace + " continues after its end (at byte " + at + ")");
            }
            Crc64 crc = open.computeIfAbsent(namespace, n -> new Crc64());
            if (header.bool("EOF")) {
                expectTerminator("the end of " + namespace);
                long expected = header.int64("CRC");
                if (crc.value() != expected) {
                    throw new IOException("the documents of " + namespace + " do not match their checksum (CRC-64 "
                            + Long.toUnsignedString(crc.value(), 16) + ", the archive says "
                            + Long.toUnsignedString(expected, 16) + "): the archive is damaged");
                }
                open.remove(namespace);
                ended.add(namespace);
                continue;
            }
            String table = tableNames.get(namespace);
            if (table != null) {
                fingerprint.table(table);
            }
            byte[] doc;
            while ((doc = rawDocument(namespace)) != null) {
                crc.update(doc, 0, doc.length);
                if (table != null) {
                    fingerprint.rowPart(doc, 0, doc.length);
                    fingerprint.endRow();
                }
                documents++;
                bytes += doc.length;
            }
        }
        List<String> unfinished = new ArrayList<>(open.keySet());
        tableNames.keySet().stream().filter(n -> !ended.contains(n) && !open.containsKey(n)).forEach(unfinished::add);
        if (!unfinished.isEmpty()) {
            throw new IOException("the archive is truncated: the data of " + String.join(", ", unfinished)
                    + " never ended (" + offset + " bytes read)");
        }
        return new Contents(prelude, fingerprint.build(), documents, offset, ended.size());
    }

    /** A document's raw bytes, or null at the terminator that ends a segment. */
    private byte[] rawDocument(String namespace) throws IOException {
        int length = int32("a document of " + namespace);
        if (length == TERMINATOR) {
            return null;
        }
        if (length < 5 || length > MAX_DOCUMENT) {
            throw malformed("a document of " + namespace + " claims " + length + " bytes (at byte " + (offset - 4)
                    + ")");
        }
        byte[] doc = new byte[length];
        ByteBuffer.wrap(doc).order(ByteOrder.LITTLE_ENDIAN).putInt(length);
        readFully(doc, 4, length - 4, "a document of " + namespace);
        return doc;
    }

    /** The next document, or null at a terminator; {@code endAllowed}: null at a clean end of stream too. */
    private Bson.Doc document(String what, boolean endAllowed) throws IOException {
        byte[] first = new byte[4];
        int n = in.readNBytes(first, 0, 4);
        if (n == 0 && endAllowed) {
            return null;
        }
        if (n < 4) {
            throw truncated(what);
        }
        offset += 4;
        int length = ByteBuffer.wrap(first).order(ByteOrder.LITTLE_ENDIAN).getInt();
        if (length == TERMINATOR) {
            return null;
        }
        if (length < 5 || length > MAX_DOCUMENT) {
            throw malformed(what + " claims " + length + " bytes (at byte " + (offset - 4) + ")");
        }
        byte[] doc = new byte[length];
        System.arraycopy(first, 0, doc, 0, 4);
        readFully(doc, 4, length - 4, what);
        return Bson.parse(doc);
    }

    private void expectTerminator(String what) throws IOException {
        if (int32(what) != TERMINATOR) {
            throw malformed("no terminator after " + what + " (at byte " + (offset - 4) + ")");
        }
    }

    private int int32(String what) throws IOException {
        byte[] b = new byte[4];
        readFully(b, 0, 4, what);
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getInt();
    }

    private void readFully(byte[] b, int off, int len, String what) throws IOException {
        try {
            in.readFully(b, off, len);
        } catch (EOFException e) {
            throw truncated(what);
        }
        offset += len;
    }

    private IOException truncated(String what) {
        return new IOException("the archive is truncated: it ends inside " + what + " (after " + offset + " bytes)");
    }

    private static IOException malformed(String what) {
        return new IOException("not a valid mongodump archive: " + what);
    }
}
