package io.backuphub.engine.redis;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The few parts of Redis's RDB format the hub reads itself: the header ({@code REDIS} and a
 * four-digit version) with its AUX fields (server version, creation time), and a database's
 * {@code RESIZEDB} record (its key and expiry counts as the server wrote them). Everything else —
 * every value, the CRC-64 trailer — is redis-check-rdb's to read.
 */
final class Rdb {

    static final int OPCODE_AUX = 0xFA;
    static final int OPCODE_RESIZEDB = 0xFB;
    private static final int MAX_AUX = 64;

    /** The header: the RDB version and the AUX fields before the first database. */
    record Header(int version, Map<String, String> aux) {
    }

    /** A database's RESIZEDB record: its keys, and how many of them have an expiry. */
    record Sizes(long keys, long expires) {
    }

    private Rdb() {
    }

    static Header header(byte[] head) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(head));
        byte[] magic = new byte[9];
        try {
            in.readFully(magic);
        } catch (EOFException e) {
            throw new IOException("the dump is shorter than an RDB header");
        }
        String text = new String(magic, StandardCharsets.US_ASCII);
        if (!text.startsWith("REDIS") || !text.substring(5).chars().allMatch(Character::isDigit)) {
            throw new IOException("the dump does not start with an RDB header (REDIS and a version)");
        }
        Map<String, String> aux = new LinkedHashMap<>();
        try {
            while (aux.size() < MAX_AUX && in.read() == OPCODE_AUX) {
                aux.put(string(in), string(in));
            }
        } catch (EOFException e) {
            // the head ended within the AUX fields: what was read is kept
        }
        return new Header(Integer.parseInt(text.substring(5)), aux);
    }

    /** Reads a RESIZEDB record at the stream's position, or null when none is there. */
    static Sizes sizes(InputStream stream) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        if (in.read() != OPCODE_RESIZEDB) {
            return null;
        }
        return new Sizes(length(in), length(in));
    }

    /** RDB's length encoding: 6, 14, 32 or 64 bits by the first byte's top two bits. */
    static long length(DataInputStream in) throws IOException {
        int first = in.readUnsignedByte();
        if (first >> 6 == 3) {
            throw new IOException("an encoded value where a length belongs (0x" + Integer.toHexString(first) + ")");
        }
        return length(first, in);
    }

    /** The rest of a length whose first byte (not an encoded value's) was read. */
    private static long length(int first, DataInputStream in) throws IOException {
        return switch (first >> 6) {
            case 0 -> first & 0x3F;
            case 1 -> ((first & 0x3F) << 8) | in.readUnsignedByte();
            default -> first == 0x80 ? Integer.toUnsignedLong(in.readInt()) : in.readLong();
        };
    }

    /** A string: length-prefixed bytes, or an integer stored in 1, 2 or 4 bytes (little-endian). */
    static String string(DataInputStream in) throws IOException {
        int first = in.readUnsignedByte();
        if (first >> 6 == 3) {
            return switch (first & 0x3F) {
                case 0 -> String.valueOf(in.readByte());
                case 1 -> String.valueOf((short) (in.readUnsignedByte() | in.readUnsignedByte() << 8));
                case 2 -> String.valueOf(Integer.reverseBytes(in.readInt()));
                default -> throw new IOException("a compressed string in the RDB header");
            };
        }
        long length = length(first, in);
        if (length > 1024 * 1024) {
            throw new IOException("an RDB header field of " + length + " bytes");
        }
        byte[] bytes = new byte[(int) length];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
