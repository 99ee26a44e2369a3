package io.backuphub.engine.questdb;

import io.backuphub.common.Secrets;
import io.backuphub.target.Target;
import io.backuphub.transport.Connection;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.Driver;

/**
 * QuestDB's PostgreSQL wire protocol (port 8812 by default), reached through the target's transport:
 * an SSH tunnel to {@code database.host:port} as the transport's host sees it, or directly for local.
 * The password goes in the driver's properties, never in a URL or a message.
 */
final class QuestDbSql implements AutoCloseable {

    static final int DEFAULT_PORT = 8812;
    /** CHECKPOINT exists since 8.1.0; 8.1.1 fixed its restore. */
    static final int[] OLDEST = {8, 1, 1};
    private static final Pattern VERSION = Pattern.compile("QuestDB (\\d+)\\.(\\d+)\\.(\\d+)");

    private final java.sql.Connection sql;

    private QuestDbSql(java.sql.Connection sql) {
        this.sql = sql;
    }

    /** Opens a session to the target's server through {@code transport}; fails with the server's reason. */
    static QuestDbSql open(Target target, Connection transport) throws IOException {
        Target.DatabaseSpec db = target.database();
        InetSocketAddress address = transport.forward(db.host(), db.port() == null ? DEFAULT_PORT : db.port());
        return open(address, db.user() == null ? "admin" : db.user(),
                Secrets.resolve(db.passwordEnv(), db.passwordFile(), "database password").orElse(null));
    }

    static QuestDbSql open(InetSocketAddress address, String user, String password) throws IOException {
        Properties props = new Properties();
        props.setProperty("user", user);
        if (password != null) {
            props.setProperty("password", password);
        }
        props.setProperty("sslmode", "disable");
        props.setProperty("connectTimeout", "15");
        props.setProperty("socketTimeout", "600");
        props.setProperty("ApplicationName", "backup-hub");
        String url = "jdbc:postgresql://" + address.getHostString() + ":" + address.getPort() + "/qdb";
        try {
            java.sql.Connection connection = new Driver().connect(url, props);
            return new QuestDbSql(connection);
        } catch (SQLException e) {
            throw new IOException("cannot connect to QuestDB at " + address.getHostString() + ":" + address.getPort()
                    + ": " + e.getMessage(), e);
        }
    }

    /** The server's version ("9.3.4") from {@code build()}; refuses servers older than 8.1.1 with the reason. */
    String version() throws IOException {
        return version(single("SELECT build()"));
    }

    /** The version in {@code build()}'s answer ("Build Information: QuestDB 9.3.4, JDK ..."), if it is recent enough. */
    static String version(String build) throws IOException {
        Matcher m = VERSION.matcher(build == null ? "" : build);
        if (!m.find()) {
            throw new IOException("cannot tell the QuestDB version from build(): " + build);
        }
        String version = m.group(1) + "." + m.group(2) + "." + m.group(3);
        if (!atLeast(m, OLDEST)) {
            throw new IOException("QuestDB " + version + " is too old: backups need CHECKPOINT, which works from"
                    + " QuestDB 8.1.1 on (upgrade the server)");
        }
        return version;
    }

    private static boolean atLeast(Matcher m, int[] oldest) {
        for (int i = 0; i < oldest.length; i++) {
            int part = Integer.parseInt(m.group(i + 1));
            if (part != oldest[i]) {
                return part > oldest[i];
            }
        }
        return true;
    }

    void execute(String statement) throws IOException {
        try (Statement s = sql.createStatement()) {
            s.execute(statement);
        } catch (SQLException e) {
            throw new IOException(statement + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Waits at most {@code seconds} for any answer from now on: a release run as a stopped job's
     * connection closes must not hold the thread that stops it.
     */
    void answerWithin(int seconds) throws IOException {
        try {
            sql.setNetworkTimeout(Runnable::run, seconds * 1000);
        } catch (SQLException e) {
            throw new IOException("cannot set a timeout on the QuestDB session: " + e.getMessage(), e);
        }
    }

    /** The user tables (not QuestDB's own) and the folders under {@code db/} that hold them. */
    Map<String, String> tables() throws IOException {
        Map<String, String> tables = new LinkedHashMap<>();
        try (Statement s = sql.createStatement();
                ResultSet rs = s.executeQuery("SELECT table_name, directoryName FROM tables() ORDER BY table_name")) {
            while (rs.next()) {
                tables.put(rs.getString(1), rs.getString(2));
            }
            return tables;
        } catch (SQLException e) {
            throw new IOException("cannot list the tables: " + e.getMessage(), e);
        }
    }

    /** Every user table's row count, as {@code count()} reads it now. */
    Map<String, Long> rowCounts(Iterable<String> tables) throws IOException {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : tables) {
            String count = single("SELECT count() FROM " + ident(table));
            counts.put(table, Long.parseLong(count));
        }
        return counts;
    }

    private String single(String query) throws IOException {
        try (Statement s = sql.createStatement(); ResultSet rs = s.executeQuery(query)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IOException(query + " failed: " + e.getMessage(), e);
        }
    }

    /** A table name as a quoted identifier. */
    static String ident(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    /** Whether the session is still usable (the server did not close it). */
    boolean isOpen() {
        try {
            return !sql.isClosed() && sql.isValid(5);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        try {
            sql.close();
        } catch (SQLException e) {
            // the session is gone either way
        }
    }
}
