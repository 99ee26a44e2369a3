package io.backuphub.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A throwaway PostgreSQL cluster from Debian's binaries on a random loopback port, password
 * (scram) authentication over TCP. initdb and postgres refuse root, so they run as the postgres
 * user when the tests run as root.
 */
public final class PostgresCluster implements AutoCloseable {

    public static final String SUPERUSER = "postgres";
    public static final String PASSWORD = "hub-test-secret";

    private final Path dir;
    private final int port;
    private final String bin;

    private PostgresCluster(Path dir, int port, String bin) {
        this.dir = dir;
        this.port = port;
        this.bin = bin;
    }

    public static PostgresCluster start() throws IOException {
        String bin = Processes.run(List.of("pg_config", "--bindir")).trim();
        Path dir = Files.createTempDirectory("hub-pg-");
        Path pw = dir.resolve("pw");
        Files.writeString(pw, PASSWORD + "\n");
        if (Processes.isRoot()) {
            UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
            Files.setOwner(dir, users.lookupPrincipalByName("postgres"));
            Files.setOwner(pw, users.lookupPrincipalByName("postgres"));
        }
        int port = Processes.freePort();
        Processes.run(Processes.as("postgres", List.of(bin + "/initdb", "-D", dir.resolve("data").toString(),
                "-U", SUPERUSER, "--pwfile=" + pw, "--auth-local=trust", "--auth-host=scram-sha-256",
                "-E", "UTF8", "--locale=C")));
        Processes.run(Processes.as("postgres", List.of(bin + "/pg_ctl", "-D", dir.resolve("data").toString(),
                "-l", dir.resolve("log").toString(), "-w", "-t", "60",
                "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off"
                        + " -c synchronous_commit=off -c max_connections=50",
                "start")));
        return new PostgresCluster(dir, port, bin);
    }

    public int port() {
        return port;
    }

    public String bin() {
        return bin;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), SUPERUSER, PASSWORD);
    }

    public void execute(String database, String... statements) {
        try (Connection c = connect(database); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed on " + database + ": " + e.getMessage(), e);
        }
    }

    public void createDatabase(String name) {
        execute("postgres", "CREATE DATABASE \"" + name + "\"");
    }

    public List<String> tables(String database) {
        List<String> tables = new ArrayList<>();
        try (Connection c = connect(database);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT schemaname || '.' || tablename FROM pg_tables"
                        + " WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return tables;
    }

    /** Row count and an md5 over every row's text form, per table: equal maps mean equal data. */
    public Map<String, String> fingerprint(String database) {
        Map<String, String> prints = new TreeMap<>();
        try (Connection c = connect(database); Statement s = c.createStatement()) {
            for (String table : tables(database)) {
                try (ResultSet rs = s.executeQuery(
                        "SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), ''))"
                                + " FROM " + quoted(table) + " t")) {
                    rs.next();
                    prints.put(table, rs.getLong(1) + " rows, md5 " + rs.getString(2));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return prints;
    }

    /** schema.table as a SQL name, quoted: "public"."Odd Name". */
    private static String quoted(String table) {
        int dot = table.indexOf('.');
        return "\"" + table.substring(0, dot) + "\".\"" + table.substring(dot + 1) + "\"";
    }

    /** pg_restore an archive file into a new database, as a user would. */
    public void restore(Path archive, String newDatabase) {
        createDatabase(newDatabase);
        Processes.run(List.of(bin + "/pg_restore", "--host=127.0.0.1", "--port=" + port, "--username=" + SUPERUSER,
                "--dbname=" + newDatabase, "--no-owner", "--exit-on-error", archive.toString()),
                Map.of("PGPASSWORD", PASSWORD), null);
    }

    @Override
    public void close() {
        try {
            Processes.run(Processes.as("postgres", List.of(bin + "/pg_ctl", "-D", dir.resolve("data").toString(),
                    "-m", "immediate", "-w", "stop")));
        } catch (RuntimeException e) {
            System.err.println("stopping test PostgreSQL: " + e.getMessage());
        }
        Files2.deleteTree(dir);
    }
}
