package io.backuphub.common;

import java.security.SecureRandom;
import java.time.Clock;

/**
 * Time-ordered ids (the ULID layout: 48-bit millisecond time + 80 random bits, Crockford base32,
 * lower case). Sorting ids sorts by creation time, which gives stable cursor pagination.
 */
public final class Ids {

    private static final String ALPHABET_CHARS = "0123456789abcdefghjkmnpqrstvwxyz";
    private static final char[] ALPHABET = ALPHABET_CHARS.toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    public static String next() {
        return next(Clock.systemUTC().millis());
    }

    static String next(long epochMillis) {
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        char[] out = new char[26];
        long time = epochMillis;
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET[(int) (time & 31)];
            time >>>= 5;
        }
        // 80 random bits -> 16 characters of 5 bits each.
        long hi = 0;
        for (int i = 0; i < 5; i++) {
            hi = (hi << 8) | (random[i] & 0xff);
        }
        long lo = 0;
        for (int i = 5; i < 10; i++) {
            lo = (lo << 8) | (random[i] & 0xff);
        }
        for (int i = 17; i >= 10; i--) {
            out[i] = ALPHABET[(int) (hi & 31)];
            hi >>>= 5;
        }
        for (int i = 25; i >= 18; i--) {
            out[i] = ALPHABET[(int) (lo & 31)];
            lo >>>= 5;
        }
        return new String(out);
    }

    /** {@code value} if it is shaped like an id, else an invalid-request problem naming {@code what}. */
    public static String require(String value, String what) {
        if (!isId(value)) {
            throw HubException.invalid(what + " id must be a 26-character id");
        }
        return value;
    }

    /** True for strings shaped like an id: safe to use in object keys and SQL parameters alike. */
    public static boolean isId(String s) {
        if (s == null || s.length() != 26) {
            return false;
        }
        for (char c : s.toCharArray()) {
            if (ALPHABET_CHARS.indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }
}
