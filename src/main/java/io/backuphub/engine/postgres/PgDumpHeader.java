package io.backuphub.engine.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the header of a pg_dump custom-format archive (PostgreSQL's pg_backup_archiver.c, WriteHead):
 * "PGDMP", archive version, int and offset sizes, format, compression, creation time, then the
 * database name, server version and pg_dump version as length-prefixed strings. The versions come
 * from the archive itself, so the manifest states what actually made it.
 */
public record PgDumpHeader(String archiveVersion, String format, String database, String serverVersion,
        String pgDumpVersion) {

    private static final byte[] MAGIC = "PGDMP".getBytes(StandardCharsets.US_ASCII);

    public static PgDumpHeader parse(byte[] head) throws IOException {
        Reader r = new Reader(head);
        for (byte b : MAGIC) {
            if (r.u8() != (b & 0xff)) {
                throw new IOException("the dump is not a pg_dump custom-format archive (no PGDMP header)");
            }
        }
        int major = r.u8();
        int minor = r.u8();
        int revision = r.u8();
        int version = (major << 16) | (minor << 8) | revision;
        r.intSize = r.u8();
        r.u8(); // offset size
        int format = r.u8();
        if (version >= v(1, 15)) {
            r.u8(); // compression algorithm
        } else if (version >= v(1, 2)) {
            r.readInt(); // compression level
        }
        String database = null;
        if (version >= v(1, 4)) {
            for (int i = 0; i < 7; i++) {
                r.readInt(); // creation time: sec, min, hour, mday, mon, year, isdst
            }
            database = r.readString();
        }
        String server = null;
        String dumper = null;
        if (version >= v(1, 10)) {
            server = r.readString();
            dumper = r.readString();
        }
        return new PgDumpHeader(major + "." + minor + "." + revision, formatName(format), database, server, dumper);
    }

    public Map<String, Object> asManifestFields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("format", "pg_dump " + format + " archive " + archiveVersion);
        fields.put("database", database);
        fields.put("serverVersion", serverVersion);
        fields.put("toolVersion", pgDumpVersion == null ? null : "pg_dump " + pgDumpVersion);
        return fields;
    }

    private static int v(int major, int minor) {
        return (major << 16) | (minor << 8);
    }

    private static String formatName(int format) {
        return switch (format) {
            case 1 -> "custom";
            case 3 -> "tar";
            case 5 -> "directory";
            default -> "format-" + format;
        };
    }

    private static final class Reader {

        private final byte[] data;
        private int pos;
        int intSize = 4;

        Reader(byte[] data) {
            this.data = data;
        }

        int u8() throws IOException {
            if (pos >= data.length) {
                throw new IOException("the dump ended inside its pg_dump archive header");
            }
            return data[pos++] & 0xff;
        }

        /** A sign byte, then intSize bytes little-endian. */
        long readInt() throws IOException {
            int sign = u8();
            long value = 0;
            for (int i = 0; i < intSize; i++) {
                value |= (long) u8() << (8 * i);
            }
            return sign == 0 ? value : -value;
        }

        String readString() throws IOException {
            long length = readInt();
            if (length < 0) {
                return null;
            }
            if (length > data.length - pos) {
                throw new IOException("the pg_dump archive header is longer than expected");
            }
            String s = new String(data, pos, (int) length, StandardCharsets.UTF_8);
            pos += (int) length;
            return s;
        }
    }
}
