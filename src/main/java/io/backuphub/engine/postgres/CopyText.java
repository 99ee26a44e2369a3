package io.backuphub.engine.postgres;

import io.backuphub.engine.Fingerprint;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads table rows in COPY text format (one row per line, tabs between columns, newlines inside values
 * escaped) and fingerprints them, from either side of a restore:
 * <ul>
 * <li>{@link #fromScript}: pg_restore's SQL script, where a table's rows follow
 * {@code COPY schema.table (columns) FROM stdin;} and end at a line {@code \.};</li>
 * <li>{@link #fromMarkedRows}: the hub's psql fingerprint query, where each table's rows follow a
 * line {@code \hub-table schema.table}. COPY output can never start a line with backslash and
 * {@code h}, so the marker cannot be mistaken for a row.</li>
 * </ul>
 * Streams with a fixed buffer: a row longer than the buffer is fingerprinted in parts.
 */
final class CopyText {

    static final String TABLE_MARKER = "\\hub-table ";
    private static final byte[] COPY = "COPY ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FROM_STDIN = " FROM stdin;".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END_OF_DATA = "\\.".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MARKER = TABLE_MARKER.getBytes(StandardCharsets.US_ASCII);
    private static final int BUFFER = 1 << 20;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long NEWLINES = 0x0a0a0a0a0a0a0a0aL;

    private final boolean script;
    private final Fingerprint.Builder fingerprint = new Fingerprint.Builder();
    private boolean inRows;

    private CopyText(boolean script) {
        this.script = script;
    }

    static Fingerprint fromScript(InputStream in) throws IOException {
        return new CopyText(true).read(in);
    }

    static Fingerprint fromMarkedRows(InputStream in) throws IOException {
        return new CopyText(false).read(in);
    }

    private Fingerprint read(InputStream in) throws IOException {
        byte[] buf = new byte[BUFFER];
        int start = 0;
        int end = 0;
        boolean continued = false; // the line at start began in an earlier buffer
        boolean eof = false;
        while (true) {
            int newline = indexOfNewline(buf, start, end);
            if (newline >= 0) {
                line(buf, start, newline - start, continued);
                continued = false;
                start = newline + 1;
                continue;
            }
            if (eof) {
                if (end > start) {
                    line(buf, start, end - start, continued);
                }
                return fingerprint.build();
            }
            if (start > 0) { // make room: keep the unfinished line at the front
                System.arraycopy(buf, start, buf, 0, end - start);
                end -= start;
                start = 0;
            }
            if (end == buf.length) { // a line longer than the buffer: only a row can be, hash what we have
                if (inRows) {
                    fingerprint.rowPart(buf, 0, end);
                }
                continued = true;
                end = 0;
            }
            int n = in.read(buf, end, buf.length - end);
            if (n < 0) {
                eof = true;
            } else {
                end += n;
            }
        }
    }

    private void line(byte[] buf, int offset, int length, boolean continued) {
        if (!continued) {
            if (!script && startsWith(buf, offset, length, MARKER)) {
                fingerprint.table(text(buf, offset + MARKER.length, length - MARKER.length));
                inRows = true;
                return;
            }
            if (script && !inRows && startsWith(buf, offset, length, COPY)
                    && endsWith(buf, offset, length, FROM_STDIN)) {
                fingerprint.table(tableName(text(buf, offset + COPY.length, length - COPY.length)));
                inRows = true;
                return;
            }
            if (script && inRows && length == END_OF_DATA.length && startsWith(buf, offset, length, END_OF_DATA)) {
                inRows = false;
                return;
            }
        }
        if (inRows) {
            fingerprint.rowPart(buf, offset, length);
            fingerprint.endRow();
        }
    }

    /** {@code public."Odd (name)" (a, b) FROM stdin;} to {@code public."Odd (name)"}: up to the first space outside quotes. */
    static String tableName(String afterCopy) {
        boolean quoted = false;
        for (int i = 0; i < afterCopy.length(); i++) {
            char c = afterCopy.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ' ' && !quoted) {
                return afterCopy.substring(0, i);
            }
        }
        return afterCopy;
    }

    private static String text(byte[] buf, int offset, int length) {
        return new String(buf, offset, length, StandardCharsets.UTF_8);
    }

    /** The first newline in {@code buf[from, to)}, or -1; eight bytes a step, since every byte of a dump passes here. */
    private static int indexOfNewline(byte[] buf, int from, int to) {
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long word = (long) LONGS.get(buf, i) ^ NEWLINES;
            // A byte of word is zero where buf has '\n'; the lowest flagged byte is always a true one.
            long zeros = (word - 0x0101010101010101L) & ~word & 0x8080808080808080L;
            if (zeros != 0) {
                return i + (Long.numberOfTrailingZeros(zeros) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static boolean startsWith(byte[] buf, int offset, int length, byte[] prefix) {
        return length >= prefix.length
                && Arrays.equals(buf, offset, offset + prefix.length, prefix, 0, prefix.length);
    }

    private static boolean endsWith(byte[] buf, int offset, int length, byte[] suffix) {
        return length >= suffix.length
                && Arrays.equals(buf, offset + length - suffix.length, offset + length, suffix, 0, suffix.length);
    }
}
