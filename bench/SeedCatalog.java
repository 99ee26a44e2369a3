import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Random;

/**
 * Fills a migrated hub catalog (H2 or PostgreSQL) with a history for the dashboard benchmark: for
 * each of {@code targets} targets (bench-000...), one backup job a day going back {@code jobsPerTarget}
 * days; 19 in 20 succeed and verify (artifact + its local copy; those older than 30 days deleted by
 * "retention"), 1 in 20 fails.
 *
 *   java -cp <jdbc driver> bench/SeedCatalog.java <jdbc url> <user> <password> <targets> <jobsPerTarget>
 */
public class SeedCatalog {

    private static final char[] ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz".toCharArray();
    private static final Random RANDOM = new Random(42);

    public static void main(String[] args) throws Exception {
        int targets = Integer.parseInt(args[3]);
        int perTarget = Integer.parseInt(args[4]);
        Instant now = Instant.now().truncatedTo(ChronoUnit.DAYS);
        try (Connection c = DriverManager.getConnection(args[0], args[1], args[2])) {
            c.setAutoCommit(false);
            PreparedStatement job = c.prepareStatement("INSERT INTO jobs (id, target_id, kind, status, verification,"
                    + " artifact_id, error, trigger_type, triggered_by, options, scheduled_for, created_at, started_at,"
                    + " finished_at, bytes) VALUES (?, ?, 'backup', ?, ?, ?, ?, 'schedule', 'bench', '{}', ?, ?, ?, ?, ?)");
            PreparedStatement artifact = c.prepareStatement("INSERT INTO artifacts (id, job_id, target_id, environment,"
                    + " engine, store, object_key, bytes, dump_bytes, sha256, compression, encrypted, verification,"
                    + " verification_summary, verified_at, manifest, created_at, deleted_at) VALUES (?, ?, ?, 'bench',"
                    + " 'postgres', 'local', ?, ?, ?, ?, 'zstd', false, 'verified', 'pg_restore read it', ?, '{}', ?, ?)");
            PreparedStatement copy = c.prepareStatement("INSERT INTO artifact_copies (artifact_id, store, object_key,"
                    + " bytes, sha256, status, updated_at) VALUES (?, 'local', ?, ?, ?, ?, ?)");
            int rows = 0;
            for (int t = 0; t < targets; t++) {
                String target = String.format("bench-%03d", t);
                long size = 50_000_000L + RANDOM.nextInt(50_000_000);
                for (int d = perTarget; d >= 1; d--) {
                    Instant start = now.minus(d, ChronoUnit.DAYS).plus(2, ChronoUnit.HOURS);
                    Instant end = start.plusSeconds(60 + RANDOM.nextInt(600));
                    String jobId = id(start);
                    boolean ok = RANDOM.nextInt(20) != 0;
                    size += RANDOM.nextInt(1_000_000) - 400_000;
                    String artifactId = ok ? id(end) : null;
                    String key = target + "/" + artifactId + ".dump.zst";
                    job.setString(1, jobId);
                    job.setString(2, target);
                    job.setString(3, ok ? "succeeded" : "failed");
                    job.setString(4, ok ? "verified" : null);
                    job.setString(5, artifactId);
                    job.setString(6, ok ? null : "pg_dump exited with status 1: connection refused");
                    job.setObject(7, at(start));
                    job.setObject(8, at(start));
                    job.setObject(9, at(start));
                    job.setObject(10, at(end));
                    job.setObject(11, ok ? size : null);
                    job.addBatch();
                    if (ok) {
                        boolean deleted = d > 30;
                        String sha = String.format("%064x", RANDOM.nextLong() & Long.MAX_VALUE);
                        artifact.setString(1, artifactId);
                        artifact.setString(2, jobId);
                        artifact.setString(3, target);
                        artifact.setString(4, key);
                        artifact.setLong(5, size);
                        artifact.setLong(6, size * 4);
                        artifact.setString(7, sha);
                        artifact.setObject(8, at(end));
                        artifact.setObject(9, at(end));
                        artifact.setObject(10, deleted ? at(end.plus(30, ChronoUnit.DAYS)) : null);
                        artifact.addBatch();
                        copy.setString(1, artifactId);
                        copy.setString(2, key);
                        copy.setLong(3, size);
                        copy.setString(4, sha);
                        copy.setString(5, deleted ? "deleted" : "stored");
                        copy.setObject(6, at(end));
                        copy.addBatch();
                    }
                    if (++rows % 5000 == 0) {
                        job.executeBatch();
                        artifact.executeBatch();
                        copy.executeBatch();
                        c.commit();
                    }
                }
            }
            job.executeBatch();
            artifact.executeBatch();
            copy.executeBatch();
            c.commit();
            System.err.println("# seeded " + rows + " jobs for " + targets + " targets");
        }
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /** A ULID-shaped id for {@code at}, as the hub's own (time first, so ids sort by time). */
    private static String id(Instant at) {
        char[] out = new char[26];
        long time = at.toEpochMilli() + RANDOM.nextInt(1000);
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET[(int) (time & 31)];
            time >>>= 5;
        }
        for (int i = 10; i < 26; i++) {
            out[i] = ALPHABET[RANDOM.nextInt(32)];
        }
        return new String(out);
    }
}
