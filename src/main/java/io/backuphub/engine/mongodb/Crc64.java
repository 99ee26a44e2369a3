package io.backuphub.engine.mongodb;

/**
 * CRC-64 with the ECMA-182 polynomial as Go's {@code hash/crc64} computes it with {@code crc64.ECMA}
 * (reflected, initial and final value all ones): the checksum mongodump writes for each namespace.
 */
final class Crc64 {

    private static final long POLY = 0xC96C5795D7870F42L; // ECMA-182, reversed
    private static final long[] TABLE = new long[256];

    static {
        for (int i = 0; i < 256; i++) {
            long crc = i;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ POLY : crc >>> 1;
            }
            TABLE[i] = crc;
        }
    }

    private long crc = ~0L;

    void update(byte[] buf, int offset, int length) {
        long c = crc;
        for (int i = offset; i < offset + length; i++) {
            c = TABLE[(int) ((c ^ buf[i]) & 0xff)] ^ (c >>> 8);
        }
        crc = c;
    }

    long value() {
        return ~crc;
    }
}
