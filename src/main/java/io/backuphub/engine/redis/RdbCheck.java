package io.backuphub.engine.redis;

import io.backuphub.engine.Fingerprint;
import io.backuphub.engine.ToolSession;
import io.backuphub.engine.Verification;
import io.backuphub.engine.VerifyRequest;
import io.backuphub.transport.Command;
import io.backuphub.transport.CommandFailedException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Verifies a stored RDB with Redis's own {@code redis-check-rdb} on the hub's host, which loads
 * every key and value and checks the CRC-64 trailer. Its report names where each database starts;
 * a second, short read of the artifact takes each database's RESIZEDB record there (its key and
 * expiry counts as the server wrote them), and their sum must equal the keys redis-check-rdb read.
 * The fingerprint is per database the keys without an expiry: keys with one may legitimately expire
 * between the backup and a restore, so they are evidence, not compared.
 */
final class RdbCheck {

    private static final Duration WAIT = Duration.ofHours(12);
    private static final int MAX_REPORT = 4 * 1024 * 1024;
    private static final Pattern SELECT = Pattern.compile("\\[offset (\\d+)] Selecting DB ID (\\d+)");
    private static final Pattern INFO = Pattern.compile("\\[info] (\\d+) (keys read|expires|already expired)");

    private RdbCheck() {
    }

    static Verification verify(VerifyRequest request) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("tool", "redis-check-rdb");
        long started = System.nanoTime();
        try {
            String report = check(request);
            Map<Integer, Long> starts = new TreeMap<>();
            Matcher select = SELECT.matcher(report);
            while (select.find()) {
                starts.put(Integer.parseInt(select.group(2)), Long.parseLong(select.group(1)));
            }
            Map<String, Long> info = new LinkedHashMap<>();
            Matcher counts = INFO.matcher(report);
            while (counts.find()) {
                info.put(counts.group(2), Long.parseLong(counts.group(1)));
            }
            long keysRead = info.getOrDefault("keys read", -1L);
            evidence.put("keys", keysRead);
            evidence.put("expires", info.getOrDefault("expires", -1L));
            evidence.put("databases", starts.size());
            Fingerprint fingerprint = fingerprint(request, starts, keysRead, evidence);
            evidence.put("durationMs", (System.nanoTime() - started) / 1_000_000);
            return Verification.verified("redis-check-rdb read " + keysRead + " keys in " + starts.size()
                    + " databases and the CRC-64 matches", evidence, fingerprint);
        } catch (IOException e) {
            return Verification.failed(e.getMessage(), evidence);
        }
    }

    /** Runs redis-check-rdb on the decoded artifact; returns its report, or throws with the error it found. */
    private static String check(VerifyRequest request) throws IOException {
        StringBuilder report = new StringBuilder();
        try (InputStream source = request.source().open()) {
            ToolSession.run(request.hubHost(), Command.of("redis-check-rdb", "/dev/stdin"), source, new AtomicLong(),
                    WAIT, stdout -> {
                        report.append(new String(stdout.readNBytes(MAX_REPORT), StandardCharsets.UTF_8));
                        return ToolSession.DISCARD.read(stdout);
                    });
        } catch (CommandFailedException e) {
            throw new IOException("redis-check-rdb: " + error(report.toString(), e.getMessage()), e);
        }
        return report.toString();
    }

    /** The lines after redis-check-rdb's "RDB ERROR DETECTED" banner, or the tool's status. */
    private static String error(String report, String status) {
        int banner = report.indexOf("--- RDB ERROR DETECTED ---");
        if (banner < 0) {
            return status;
        }
        List<String> lines = new ArrayList<>();
        for (String line : report.substring(banner).lines().skip(1).toList()) {
            if (line.startsWith("[info]") || lines.size() == 5) {
                break;
            }
            lines.add(line.strip());
        }
        return String.join("; ", lines);
    }

    /** Each database's RESIZEDB record, read where redis-check-rdb said the database starts. */
    private static Fingerprint fingerprint(VerifyRequest request, Map<Integer, Long> starts, long keysRead,
            Map<String, Object> evidence) throws IOException {
        Map<Integer, long[]> databases = new TreeMap<>();
        List<Map.Entry<Integer, Long>> byOffset = new ArrayList<>(starts.entrySet());
        byOffset.sort(Map.Entry.comparingByValue());
        try (InputStream in = request.source().open()) {
            long position = 0;
            for (Map.Entry<Integer, Long> start : byOffset) {
                in.skipNBytes(start.getValue() - position);
                CountingStream counted = new CountingStream(in);
                Rdb.Sizes sizes = Rdb.sizes(counted);
                position = start.getValue() + counted.count;
                if (sizes == null) {
                    throw new IOException("database " + start.getKey() + " has no RESIZEDB record: RDB files from"
                            + " Redis older than 3.2 cannot be fingerprinted");
                }
                databases.put(start.getKey(), new long[]{sizes.keys(), sizes.expires()});
            }
        }
        Map<String, Object> perDatabase = new LinkedHashMap<>();
        databases.forEach((db, sizes) -> perDatabase.put("db" + db, Map.of("keys", sizes[0], "expires", sizes[1])));
        evidence.put("perDatabase", perDatabase);
        long total = databases.values().stream().mapToLong(sizes -> sizes[0]).sum();
        if (total != keysRead) {
            throw new IOException("the RDB's RESIZEDB records count " + total + " keys but redis-check-rdb read "
                    + keysRead);
        }
        return fingerprint(databases);
    }

    /**
     * The fingerprint of databases given as {keys, expires}: per database ("db0") the keys without an
     * expiry; a database whose every key has one is left out (it may be empty, and absent, after a restore).
     */
    static Fingerprint fingerprint(Map<Integer, long[]> databases) {
        List<Fingerprint.Table> tables = new ArrayList<>();
        databases.forEach((db, sizes) -> {
            if (sizes[0] > sizes[1]) {
                tables.add(Fingerprint.Table.counted("db" + db, sizes[0] - sizes[1]));
            }
        });
        return new Fingerprint(tables);
    }

    /** Counts the bytes read through it, to know where the next database's start is from here. */
    private static final class CountingStream extends InputStream {

        private final InputStream in;
        private long count;

        CountingStream(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }
    }
}
