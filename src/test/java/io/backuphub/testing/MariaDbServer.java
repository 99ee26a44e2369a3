package io.backuphub.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.List;
import java.util.Map;

/**
 * Debian's MariaDB server, started as an unprivileged process (the {@code mysql} user when the tests
 * run as root) with its own data directory, on a random loopback port. Root logs in over its socket
 * without a password; the hub logs in over TCP as {@link #USER} with a password full of quoting traps.
 */
public final class MariaDbServer implements AutoCloseable {

    public static final String USER = "hub";
    public static final String PASSWORD = "p\"w'd \\x $(id) `id`";
    public static final String SOURCE_DB = "shop";
    public static final String LIVE_DB = "shop_live";

    private final Path dir;
    private final int port;
    private final Process process;

    private MariaDbServer(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    public static MariaDbServer start() throws IOException {
        Path dir = Files.createTempDirectory("hub-mariadb-");
        if (Processes.isRoot()) {
            UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
            Files.setOwner(dir, users.lookupPrincipalByName("mysql"));
        }
        Processes.run(Processes.as("mysql", List.of("mariadb-install-db", "--no-defaults",
                "--datadir=" + dir.resolve("data"), "--auth-root-authentication-method=normal", "--skip-test-db")));
        int port = Processes.freePort();
        Process process = new ProcessBuilder(Processes.as("mysql", List.of("mariadbd", "--no-defaults",
                "--datadir=" + dir.resolve("data"), "--port=" + port, "--bind-address=127.0.0.1",
                "--socket=" + dir.resolve("sock"), "--pid-file=" + dir.resolve("pid"),
                "--innodb-flush-log-at-trx-commit=0",
                "--skip-log-bin")))
                .redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile()).start();
        MariaDbServer server = new MariaDbServer(dir, port, process);
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            try {
                server.sql("SELECT 1");
                break;
            } catch (IllegalStateException e) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    throw new IOException("MariaDB did not start: " + Files.readString(dir.resolve("log")), e);
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IOException(interrupted);
                }
            }
        }
        server.sql("CREATE USER '" + USER + "'@'%' IDENTIFIED BY '" + PASSWORD.replace("\\", "\\\\").replace("'", "''")
                + "'; GRANT ALL ON *.* TO '" + USER + "'@'%';");
        return server;
    }

    public int port() {
        return port;
    }

    /** Runs SQL as root over the server's socket; returns the tab-separated rows. */
    public String sql(String sql) {
        return Processes.run(List.of("mariadb", "--no-defaults", "--default-character-set=utf8mb4",
                "--socket=" + dir.resolve("sock"), "-uroot",
                "--batch", "--skip-column-names", "-e", sql), Map.of(), null).strip();
    }

    /** Rows of the source database a dump must carry unchanged: quotes, backslashes, binary, NULLs, unicode. */
    public void seed() {
        sql("CREATE DATABASE " + SOURCE_DB + " CHARACTER SET utf8mb4; USE " + SOURCE_DB + ";"
                + " CREATE TABLE orders (id INT PRIMARY KEY, note VARCHAR(100), raw BLOB, at DATETIME(6), price DECIMAL(12,2),"
                + " ratio DOUBLE) CHARACTER SET utf8mb4;"
                + " INSERT INTO orders VALUES (1, 'it''s a \\\\ \"quote\" ), (', 0x00FF0A27, '2026-01-01 00:00:00.123456',"
                + " 12.50, 0.1), (2, NULL, NULL, NULL, NULL, NULL), (3, 'ü 😀 \\n tab\\t', '', '1970-01-01 00:00:01', -1.00, 1e300);"
                + " INSERT INTO orders SELECT seq + 10, CONCAT('row ', seq), UNHEX(MD5(seq)), NOW(), seq / 7, seq * 1.5"
                + " FROM seq_1_to_3000;"
                + " CREATE TABLE `Odd Name` (k VARCHAR(10)); INSERT INTO `Odd Name` VALUES ('a'), ('b');"
                + " CREATE TABLE empty_one (id INT);");
        sql("CREATE DATABASE " + LIVE_DB + "; CREATE TABLE " + LIVE_DB + ".orders (id INT); INSERT INTO " + LIVE_DB
                + ".orders VALUES (42);");
    }

    /** CHECKSUM TABLE of every table of {@code database}, to compare two databases' contents. */
    public String checksums(String database) {
        String tables = sql("SELECT GROUP_CONCAT(CONCAT('`', TABLE_SCHEMA, '`.`', TABLE_NAME, '`') ORDER BY TABLE_NAME)"
                + " FROM information_schema.TABLES WHERE TABLE_SCHEMA = '" + database + "'");
        return sql("CHECKSUM TABLE " + tables + " EXTENDED").replace(database + ".", "");
    }

    public List<String> databases() {
        return sql("SHOW DATABASES").lines().toList();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Files2.deleteTree(dir);
    }
}
