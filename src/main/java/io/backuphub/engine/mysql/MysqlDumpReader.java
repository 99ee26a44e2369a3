package io.backuphub.engine.mysql;

import io.backuphub.engine.Fingerprint;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a mysqldump / mariadb-dump SQL script as it streams: every {@code CREATE TABLE} names a table,
 * every row of every {@code INSERT INTO `t` VALUES (...),(...);} is fingerprinted (its text between
 * the outer parentheses, quotes and escapes respected), and the script must end with the tool's
 * completion trailer ({@code -- Dump completed}), which a dump cut short never has.
 */
final class MysqlDumpReader {

    private static final Pattern CREATE = Pattern.compile("^CREATE TABLE `((?:[^`]|``)+)`");
    private static final Pattern INSERT = Pattern.compile("^INSERT INTO `((?:[^`]|``)+)` VALUES ?");
    private static final Pattern SERVER = Pattern.compile("^-- Server version\\s+(\\S+)");
    private static final Pattern TOOL = Pattern.compile("^-- (MariaDB|MySQL) dump (\\S+)\\s+Distrib (\\S+)");
    private static final int MAX_LINE = 64 * 1024;

    /** What a whole read found. */
    record Contents(Fingerprint fingerprint, long bytes, long statements) {
    }

    private final InputStream in;
    // Its own buffer, read a byte at a time: BufferedInputStream.read() takes a lock for every byte,
    // which made reading a 0.9 GB dump back take 14 s of CPU (docs/benchmarks.md).
    private final byte[] buffer = new byte[256 * 1024];
    private int position;
    private int limit;
    private final Fingerprint.Builder fingerprint = new Fingerprint.Builder();
    private final byte[] chunk = new byte[8192];
    private int chunkLength;
    private long bytes;
    private long statements;
    private String lastLine = "";
    private final byte[] line = new byte[MAX_LINE];
    private int lineLength;

    private MysqlDumpReader(InputStream in) {
        this.in = in;
    }

    static Contents read(InputStream in) throws IOException {
        return new MysqlDumpReader(in).readAll();
    }

    /** Tool, versions and flavour from the dump's comment header. */
    static Map<String, Object> describe(byte[] head) {
        Map<String, Object> facts = new LinkedHashMap<>();
        for (String line : new String(head, StandardCharsets.UTF_8).split("\n")) {
            Matcher tool = TOOL.matcher(line);
            if (tool.find()) {
                facts.put("flavor", tool.group(1).toLowerCase(java.util.Locale.ROOT));
                facts.put("toolVersion", tool.group(2) + " (" + tool.group(3) + ")");
            }
            Matcher server = SERVER.matcher(line);
            if (server.find()) {
                facts.put("serverVersion", server.group(1));
            }
        }
        return facts;
    }

    private Contents readAll() throws IOException {
        String line;
        while ((line = nextLine()) != null) {
            Matcher create = CREATE.matcher(line);
            if (create.find()) {
                fingerprint.table(name(create.group(1)));
                continue;
            }
            Matcher insert = INSERT.matcher(line);
            if (insert.find()) {
                statements++;
                fingerprint.table(name(insert.group(1)));
                readRows(java.util.Arrays.copyOfRange(this.line, insert.end(), lineLength));
            }
        }
        if (!lastLine.startsWith("-- Dump completed")) {
            throw new IOException("the dump is incomplete: it does not end with the tool's \"-- Dump completed\""
                    + " trailer (" + bytes + " bytes read)");
        }
        return new Contents(fingerprint.build(), bytes, statements);
    }

    /** Lines are matched as ISO-8859-1 (one char a byte); names are UTF-8. */
    private static String name(String quoted) {
        return new String(quoted.replace("``", "`").getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    /**
     * The rows of one INSERT: {@code rest} is what followed VALUES on its line; the statement goes on
     * (MariaDB writes a row per line, MySQL all on one) until the {@code ;} outside a row.
     */
    private void readRows(byte[] rest) throws IOException {
        RowScanner rows = new RowScanner();
        for (byte b : rest) {
            if (rows.accept(b)) {
                return;
            }
        }
        int b;
        while ((b = read()) >= 0) {
            bytes++;
            if (rows.accept((byte) b)) {
                skipToLineEnd();
                return;
            }
        }
        throw new IOException("the dump is incomplete: it ends inside an INSERT (" + bytes + " bytes read)");
    }

    /** The state of a VALUES list: inside a row or not, inside a string, after a backslash. */
    private final class RowScanner {

        private int depth;
        private boolean quoted;
        private boolean escaped;

        /** True at the statement's end. */
        boolean accept(byte b) {
            if (depth == 0) {
                if (b == '(') {
                    depth = 1;
                } else if (b == ';') {
                    return true;
                }
                return false;
            }
            if (quoted) {
                if (escaped) {
                    escaped = false;
                } else if (b == '\\') {
                    escaped = true;
                } else if (b == '\'') {
                    quoted = false;
                }
            } else if (b == '\'') {
                quoted = true;
            } else if (b == '(') {
                depth++;
            } else if (b == ')' && --depth == 0) {
                flush();
                fingerprint.endRow();
                return false;
            }
            chunk[chunkLength++] = b;
            if (chunkLength == chunk.length) {
                flush();
            }
            return false;
        }

        private void flush() {
            fingerprint.rowPart(chunk, 0, chunkLength);
            chunkLength = 0;
        }
    }

    private int read() throws IOException {
        if (position == limit) {
            int n;
            do {
                n = in.read(buffer, 0, buffer.length);
            } while (n == 0);
            if (n < 0) {
                return -1;
            }
            position = 0;
            limit = n;
        }
        return buffer[position++] & 0xff;
    }

    private void skipToLineEnd() throws IOException {
        int b;
        while ((b = read()) >= 0) {
            bytes++;
            if (b == '\n') {
                return;
            }
        }
    }

    /**
     * The next line, cut at {@link #MAX_LINE} bytes (the rest of a longer line is left for the caller:
     * only INSERT lines are long, and their rows are read on from the stream).
     */
    private String nextLine() throws IOException {
        lineLength = 0;
        int b;
        while ((b = read()) >= 0) {
            bytes++;
            if (b == '\n') {
                break;
            }
            line[lineLength++] = (byte) b;
            if (lineLength == MAX_LINE) {
                break;
            }
        }
        if (b < 0 && lineLength == 0) {
            return null;
        }
        String text = new String(line, 0, lineLength, StandardCharsets.ISO_8859_1);
        if (!text.isBlank()) {
            lastLine = text;
        }
        return text;
    }
}
