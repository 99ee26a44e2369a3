package io.backuphub.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * A real QuestDB (the jar from Maven Central, copied to target/test-servers by the build) run as a
 * separate process with its own data root and random loopback ports, HTTP and ingestion on
 * loopback only, telemetry off. The hub reaches it over the PostgreSQL wire protocol as {@code admin}
 * with {@link #PASSWORD}.
 */
public final class QuestDbServer implements AutoCloseable {

    public static final String USER = "admin";
    public static final String PASSWORD = "q'u\"e $(id) `x`";

    private final Path root;
    private final int pgPort;
    private final Process process;

    private QuestDbServer(Path root, int pgPort, Process process) {
        this.root = root;
        this.pgPort = pgPort;
        this.process = process;
    }

    /** Where the build put the QuestDB jar. */
    public static Path jar() {
        Path jar = Path.of(System.getProperty("test.questdb.jar", "target/test-servers/questdb.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no QuestDB jar at " + jar.toAbsolutePath()
                    + ": the build copies it there (mvn process-test-resources)");
        }
        return jar.toAbsolutePath();
    }

    public static QuestDbServer start() throws IOException {
        // Readable by the SSH test user, who copies it as an operator's backup user would.
        return startOn(Files.createTempDirectory("hub-questdb-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x"))));
    }

    /**
     * Starts QuestDB on {@code root} (new, or restored from a backup: its server.conf is replaced with
     * this one's ports and credentials); {@link #close} stops it and deletes the root.
     */
    public static QuestDbServer startOn(Path root) throws IOException {
        Files.createDirectories(root.resolve("conf"));
        int pgPort = Processes.freePort();
        Files.writeString(root.resolve("conf/server.conf"), String.join("\n",
                "http.bind.to=127.0.0.1:" + Processes.freePort(),
                "http.min.net.bind.to=127.0.0.1:" + Processes.freePort(),
                "pg.net.bind.to=127.0.0.1:" + pgPort,
                "pg.user=" + USER,
                "pg.password=" + PASSWORD,
                "line.tcp.net.bind.to=127.0.0.1:" + Processes.freePort(),
                "line.udp.enabled=false",
                "telemetry.enabled=false", ""));
        Process process = new ProcessBuilder("java", "-p", jar().toString(), "-m", "io.questdb/io.questdb.ServerMain",
                "-d", root.toString())
                .redirectErrorStream(true).redirectOutput(root.resolve("stdout.log").toFile()).start();
        QuestDbServer server = new QuestDbServer(root, pgPort, process);
        long deadline = System.nanoTime() + 90_000_000_000L;
        while (true) {
            try (Connection c = server.connect()) {
                break;
            } catch (SQLException e) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    throw new IOException("QuestDB did not start: " + Files.readString(root.resolve("stdout.log")), e);
                }
                Processes.sleep(300);
            }
        }
        return server;
    }

    public Path root() {
        return root;
    }

    public int port() {
        return pgPort;
    }

    /** A WAL table partitioned by day, a plain table, a table with an awkward name, an empty table. */
    public void seed() {
        sql("CREATE TABLE trades (ts TIMESTAMP, sym SYMBOL, price DOUBLE, note VARCHAR) TIMESTAMP(ts)"
                + " PARTITION BY DAY WAL");
        sql("INSERT INTO trades SELECT dateadd('m', x::int, '2026-01-01')::timestamp, 'S' || (x % 7), x * 1.25,"
                + " 'note ''' || x FROM long_sequence(5000)");
        sql("CREATE TABLE plain (id LONG, name VARCHAR)");
        sql("INSERT INTO plain SELECT x, 'n' || x FROM long_sequence(42)");
        sql("CREATE TABLE \"odd name\" (k VARCHAR)");
        sql("INSERT INTO \"odd name\" VALUES ('a'), ('b')");
        sql("CREATE TABLE empty_one (id INT)");
        awaitWalApplied();
    }

    /** Waits until every WAL table has applied what was committed. */
    public void awaitWalApplied() {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!query("SELECT count() FROM wal_tables() WHERE sequencerTxn > writerTxn").equals("0")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("QuestDB did not apply its WAL within a minute");
            }
            Processes.sleep(100);
        }
    }

    /** Every user table's row count. */
    public Map<String, Long> rowCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : query("SELECT table_name FROM tables() ORDER BY table_name").lines().toList()) {
            counts.put(table, Long.parseLong(query("SELECT count() FROM \"" + table + "\"")));
        }
        return counts;
    }

    /** Whether the server is in checkpoint mode. */
    public boolean inCheckpoint() {
        String inProgress = query("SELECT in_progress FROM checkpoint_status()");
        return "t".equals(inProgress) || "true".equals(inProgress);
    }

    public void sql(String statement) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException(statement + ": " + e.getMessage(), e);
        }
    }

    /** The rows of a query, one per line, columns separated by '|'. */
    public String query(String query) {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            StringBuilder out = new StringBuilder();
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int i = 1; i <= columns; i++) {
                    out.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                out.append('\n');
            }
            return out.toString().strip();
        } catch (SQLException e) {
            throw new IllegalStateException(query + ": " + e.getMessage(), e);
        }
    }

    private Connection connect() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", USER);
        props.setProperty("password", PASSWORD);
        props.setProperty("sslmode", "disable");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pgPort + "/qdb", props);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Files2.deleteTree(root);
    }
}
