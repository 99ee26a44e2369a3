package io.backuphub.engine.mongodb;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The top-level fields of the small BSON documents an archive's headers are (bsonspec.org): strings,
 * 32- and 64-bit integers and booleans. Documents are otherwise kept as raw bytes, never decoded.
 */
final class Bson {

    private Bson() {
    }

    /** A header document's fields by name. */
    record Doc(Map<String, Object> fields) {

        String string(String name) throws IOException {
            Object value = fields.get(name);
            if (value != null && !(value instanceof String)) {
                throw new IOException("not a valid mongodump archive: field " + name + " is not a string");
            }
            return value == null ? "" : (String) value;
        }

        boolean bool(String name) {
            return Boolean.TRUE.equals(fields.get(name));
        }

        long int64(String name) throws IOException {
            if (fields.get(name) instanceof Number number) {
                return number.longValue();
            }
            throw new IOException("not a valid mongodump archive: field " + name + " is missing");
        }
    }

    static Doc parse(byte[] doc) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(doc).order(ByteOrder.LITTLE_ENDIAN);
        buf.position(4);
        Map<String, Object> fields = new HashMap<>();
        try {
            while (true) {
                byte type = buf.get();
                if (type == 0) {
                    return new Doc(fields);
                }
                String name = cstring(buf);
                switch (type) {
                    case 0x02 -> {
                        int length = buf.getInt();
                        byte[] text = new byte[length - 1];
                        buf.get(text);
                        buf.get(); // the string's NUL
                        fields.put(name, new String(text, StandardCharsets.UTF_8));
                    }
                    case 0x08 -> fields.put(name, buf.get() != 0);
                    case 0x10 -> fields.put(name, buf.getInt());
                    case 0x12 -> fields.put(name, buf.getLong());
                    default -> throw new IOException(
                            "not a valid mongodump archive: unexpected BSON type " + type + " in a header");
                }
            }
        } catch (RuntimeException e) {
            throw new IOException("not a valid mongodump archive: a header document is malformed", e);
        }
    }

    private static String cstring(ByteBuffer buf) {
        int start = buf.position();
        while (buf.get() != 0) {
            // up to the NUL
        }
        return new String(buf.array(), start, buf.position() - start - 1, StandardCharsets.UTF_8);
    }
}
