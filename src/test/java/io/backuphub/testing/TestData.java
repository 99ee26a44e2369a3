package io.backuphub.testing;

/** The databases the tests back up. */
public final class TestData {

    public static final String BACKUP_USER = "backup";
    public static final String BACKUP_USER_PASSWORD = "backup-user-secret";
    public static final String PARTIAL_DB = "partial";
    public static final String BIG_DB = "bigdb";
    public static final String MEDIUM_DB = "mediumdb";
    /** A database whose table a test can lock, so that pg_dump waits for ever: a hung tool. */
    public static final String LOCKABLE_DB = "lockable";
    public static final String RESTORE_SOURCE_DB = "restoresrc";
    /** A database whose table SuspiciousBackupTest truncates between two backups. */
    public static final String SUSPECT_DB = "suspectdb";
    /** A database with nothing in it, as the quickstart's "postgres" database is. */
    public static final String EMPTY_DB = "emptydb";
    /** A database whose only table SuspiciousBackupTest drops between two backups. */
    public static final String VANISHING_DB = "vanishdb";
    /** The destination server's live database, which replace restores swap out. */
    public static final String RESTORE_LIVE_DB = "appdb";

    private TestData() {
    }

    public static void seed(PostgresCluster pg) {
        pg.createDatabase("orders");
        pg.execute("orders",
                "CREATE TABLE customers (id bigint PRIMARY KEY, name text NOT NULL, email text, joined timestamptz,"
                        + " profile jsonb)",
                "INSERT INTO customers SELECT i, 'Kundin ' || i || ' Müller-Łukasz', CASE WHEN i % 7 = 0 THEN NULL"
                        + " ELSE 'c' || i || '@example.com' END, timestamptz '2020-01-01' + i * interval '37 minutes',"
                        + " jsonb_build_object('tier', i % 5, 'tags', jsonb_build_array('a', i)) FROM generate_series(1, 20000) i",
                "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint REFERENCES customers(id),"
                        + " total numeric(12,2), placed timestamptz, note text)",
                "INSERT INTO orders SELECT i, 1 + i % 20000, (i * 13 % 100000) / 100.0,"
                        + " timestamptz '2021-06-01' + i * interval '3 minutes', repeat('x', i % 50) || E'\\ttab\\nline'"
                        + " FROM generate_series(1, 120000) i",
                "CREATE TABLE order_items (order_id bigint REFERENCES orders(id), line int, sku text, qty int,"
                        + " payload bytea, PRIMARY KEY (order_id, line))",
                "INSERT INTO order_items SELECT 1 + i / 3, i % 3, 'SKU-' || (i % 977), 1 + i % 9,"
                        + " decode(md5(i::text), 'hex') FROM generate_series(0, 149999) i",
                "CREATE INDEX orders_by_customer ON orders (customer_id)",
                "CREATE VIEW big_orders AS SELECT * FROM orders WHERE total > 900",
                "CREATE SEQUENCE invoice_numbers START 1000",
                "SELECT setval('invoice_numbers', 4242)");

        // A dump that fails half-way: pg_dump (as a non-owner) writes the big table, then the next
        // table's row-level security makes its COPY fail and pg_dump exit non-zero.
        pg.createDatabase(PARTIAL_DB);
        pg.execute(PARTIAL_DB,
                "CREATE USER " + BACKUP_USER + " PASSWORD '" + BACKUP_USER_PASSWORD + "'",
                "CREATE TABLE aa_big (id bigint, body text)",
                "INSERT INTO aa_big SELECT i, md5(i::text) || md5((i * 7)::text) FROM generate_series(1, 200000) i",
                "CREATE TABLE zz_guarded (id bigint, secret text)",
                "INSERT INTO zz_guarded VALUES (1, 'x')",
                "ALTER TABLE zz_guarded ENABLE ROW LEVEL SECURITY",
                "GRANT SELECT ON aa_big, zz_guarded TO " + BACKUP_USER);

        // Backed up at zstd level 19 (about 1 MB/s here): "big" runs long enough to kill pg_dump while it
        // still writes (its output is larger than the SSH window and pipe buffers); "medium" runs for
        // some seconds, long enough to overlap with other jobs.
        seedSlow(pg, BIG_DB, 300_000);
        seedSlow(pg, MEDIUM_DB, 50_000);

        pg.createDatabase(LOCKABLE_DB);
        pg.execute(LOCKABLE_DB, "CREATE TABLE held (id bigint)", "INSERT INTO held VALUES (1)");
    }

    /**
     * Holds an ACCESS EXCLUSIVE lock on the lockable database's table until closed: a pg_dump of that
     * database waits for it without a word, as a dump does behind a stuck migration.
     */
    public static java.sql.Connection holdLock(PostgresCluster pg) throws java.sql.SQLException {
        java.sql.Connection c = pg.connect(LOCKABLE_DB);
        c.setAutoCommit(false);
        try (java.sql.Statement s = c.createStatement()) {
            s.execute("LOCK TABLE held IN ACCESS EXCLUSIVE MODE");
        }
        return c;
    }

    /**
     * A source whose rows are awkward to get byte-identical on both sides (time zones, floats, tabs and
     * newlines in text, bytea, NULLs, a generated column, a quoted table name, an empty table, a
     * partitioned table), and a live database on the destination server.
     */
    public static void seedRestore(PostgresCluster source, PostgresCluster destination) {
        source.createDatabase(RESTORE_SOURCE_DB);
        source.execute(RESTORE_SOURCE_DB,
                // Sessions default to another zone than UTC, as on many servers: rows must still fingerprint alike.
                "ALTER DATABASE " + RESTORE_SOURCE_DB + " SET TimeZone = 'America/New_York'",
                "CREATE TABLE readings (id bigint PRIMARY KEY, at timestamptz, value double precision,"
                        + " note text, raw bytea, doubled bigint GENERATED ALWAYS AS (id * 2) STORED)",
                "INSERT INTO readings (id, at, value, note, raw) SELECT i, now() - i * interval '1 hour',"
                        + " i / 3.0, CASE WHEN i % 7 = 0 THEN NULL ELSE E'tab\\there\\nnew line ' || i END,"
                        + " decode(md5(i::text), 'hex') FROM generate_series(1, 5000) i",
                "CREATE TABLE \"Odd Name\" (\"Mixed Case\" int, \"with space\" text)",
                "INSERT INTO \"Odd Name\" VALUES (1, 'a'), (2, NULL)",
                "CREATE TABLE empty_one (id int)",
                "CREATE TABLE events (id bigint, day date, what text) PARTITION BY RANGE (day)",
                "CREATE TABLE events_2026 PARTITION OF events FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')",
                "CREATE TABLE events_2027 PARTITION OF events FOR VALUES FROM ('2027-01-01') TO ('2028-01-01')",
                "INSERT INTO events SELECT i, date '2026-06-01' + (i % 400), 'event ' || i"
                        + " FROM generate_series(1, 2000) i");
        source.createDatabase(SUSPECT_DB);
        source.execute(SUSPECT_DB, "CREATE TABLE ledger (id bigint, entry text)",
                "INSERT INTO ledger SELECT i, md5(i::text) FROM generate_series(1, 20000) i",
                "CREATE TABLE settings (k text, v text)", "INSERT INTO settings VALUES ('a', '1')");
        source.createDatabase(EMPTY_DB);
        source.createDatabase(VANISHING_DB);
        source.execute(VANISHING_DB, "CREATE TABLE only_table (id int)", "INSERT INTO only_table VALUES (1)");
        destination.createDatabase(RESTORE_LIVE_DB);
        destination.execute(RESTORE_LIVE_DB,
                "CREATE TABLE accounts (id int PRIMARY KEY, owner text)",
                "INSERT INTO accounts SELECT i, 'owner ' || i FROM generate_series(1, 300) i");
    }

    private static void seedSlow(PostgresCluster pg, String database, int rows) {
        pg.createDatabase(database);
        pg.execute(database,
                "CREATE TABLE big (id bigint, a text, b text)",
                "INSERT INTO big SELECT i, md5(i::text) || md5((i + 1)::text), md5((i * 31)::text)"
                        + " FROM generate_series(1, " + rows + ") i");
    }

    /**
     * For the packaged hubs' tests: a database "ledger" of {@code rows} entries on {@code pg}, and in
     * {@code work} a targets file declaring it as target "ledger" (staging, dumped on the hub's host,
     * the password in a file). Returns the targets file.
     */
    public static java.nio.file.Path ledger(PostgresCluster pg, java.nio.file.Path work, int rows)
            throws java.io.IOException {
        pg.createDatabase("ledger");
        pg.execute("ledger", "CREATE TABLE entries (id bigint, note text)",
                "INSERT INTO entries SELECT i, 'entry ' || i FROM generate_series(1, " + rows + ") i");
        java.nio.file.Path password = work.resolve("pw");
        java.nio.file.Files.writeString(password, PostgresCluster.PASSWORD + "\n");
        java.nio.file.Path targets = work.resolve("targets.yaml");
        java.nio.file.Files.writeString(targets, """
                targets:
                  - id: ledger
                    engine: postgres
                    environment: staging
                    transport: {type: local}
                    database: {host: 127.0.0.1, port: %d, user: postgres, passwordFile: %s, name: ledger}
                """.formatted(pg.port(), password));
        return targets;
    }
}
