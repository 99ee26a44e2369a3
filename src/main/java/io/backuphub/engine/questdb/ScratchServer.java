package io.backuphub.engine.questdb;

import io.backuphub.common.Secrets;
import io.backuphub.engine.Connector;
import io.backuphub.engine.Fingerprint;
import io.backuphub.target.Target;
import io.backuphub.transport.Command;
import io.backuphub.transport.Connection;
import io.backuphub.transport.RunningCommand;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A QuestDB the hub starts on a restored root, on the restore destination's host, to prove the root
 * recovers (QuestDB consumes the {@code _restore} trigger at start, or exits with the reason) and to
 * count its rows. It listens only on the destination's PostgreSQL-wire address, with the destination's
 * credentials, HTTP and ingestion off, and WAL apply off: the rows counted are the ones the checkpoint
 * committed, the same the backup's fingerprint reads. Stopped when closed.
 */
final class ScratchServer implements AutoCloseable {

    private static final long START_WAIT_NANOS = 10L * 60 * 1_000_000_000L;
    private static final int LOG_LINES = 30;

    private final Connection connection;
    private final RunningCommand process;
    private final Deque<String> log = new ArrayDeque<>();
    private final Thread reader;
    private QuestDbSql sql;

    private ScratchServer(Connection connection, RunningCommand process) {
        this.connection = connection;
        this.process = process;
        this.reader = new Thread(() -> keepTail(process.stdout(), log), "questdb-scratch-log");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts QuestDB on {@code root} and waits until it answers; fails with its last log lines if it exits. */
    static ScratchServer start(Target destination, QuestDbSettings settings, String root, Connector connector)
            throws IOException {
        Target.DatabaseSpec db = destination.database();
        int port = db.port() == null ? QuestDbSql.DEFAULT_PORT : db.port();
        String user = db.user() == null ? "admin" : db.user();
        String password = Secrets.resolve(db.passwordEnv(), db.passwordFile(), "database password").orElse("quest");
        Connection connection = connector.connect();
        ScratchServer server = null;
        try {
            InetSocketAddress address = connection.forward(db.host(), port);
            if (answers(address)) {
                throw new IOException("something already listens on " + db.host() + ":" + port + " of "
                        + destination.id() + ": give the restore destination a free database.port for the QuestDB"
                        + " the hub starts on restored roots");
            }
            RunningCommand process = connection.start(command(settings, root, db.host() + ":" + port, user, password));
            server = new ScratchServer(connection, process);
            server.sql = server.awaitReady(address, user, password);
            return server;
        } catch (IOException | RuntimeException e) {
            if (server != null) {
                server.close();
            } else {
                connection.close();
            }
            throw e;
        }
    }

    private static Command command(QuestDbSettings settings, String root, String bindTo, String user,
            String password) {
        Map<String, String> env = new TreeMap<>();
        env.put("QDB_PG_NET_BIND_TO", bindTo);
        env.put("QDB_PG_USER", user);
        env.put("QDB_PG_READONLY_USER_ENABLED", "false");
        env.put("QDB_HTTP_ENABLED", "false");
        env.put("QDB_HTTP_MIN_ENABLED", "false");
        env.put("QDB_LINE_TCP_ENABLED", "false");
        env.put("QDB_LINE_UDP_ENABLED", "false");
        env.put("QDB_TELEMETRY_ENABLED", "false");
        env.put("QDB_CAIRO_WAL_APPLY_ENABLED", "false");
        return new Command(List.of(settings.javaOrDefault(), "-p", settings.serverJar(), "-m",
                "io.questdb/io.questdb.ServerMain", "-d", root), env, Map.of("QDB_PG_PASSWORD", password));
    }

    private QuestDbSql awaitReady(InetSocketAddress address, String user, String password) throws IOException {
        long deadline = System.nanoTime() + START_WAIT_NANOS;
        IOException last = null;
        while (System.nanoTime() < deadline) {
            if (exited()) {
                throw new IOException("QuestDB exited instead of starting on the restored root: " + process.stderr()
                        + "\n" + tail());
            }
            try {
                return QuestDbSql.open(address, user, password);
            } catch (IOException e) {
                last = e;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while QuestDB started", e);
            }
        }
        throw new IOException("QuestDB did not answer within 10 minutes on the restored root ("
                + (last == null ? "" : last.getMessage()) + "): " + tail());
    }

    /** The log reader ends when QuestDB's output closes: when it exits. */
    private boolean exited() {
        return !reader.isAlive();
    }

    /** Row counts of every user table, compared by count alone (docs/questdb.md). */
    Fingerprint fingerprint() throws IOException {
        List<Fingerprint.Table> tables = new ArrayList<>();
        for (Map.Entry<String, Long> count : sql.rowCounts(sql.tables().keySet()).entrySet()) {
            tables.add(Fingerprint.Table.counted(count.getKey(), count.getValue()));
        }
        return new Fingerprint(tables);
    }

    String version() throws IOException {
        return sql.version();
    }

    private static boolean answers(InetSocketAddress address) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(address, 2000);
            socket.setSoTimeout(2000);
            // A tunnel accepts before it reaches the far side: only a byte back (or a clean close of a
            // started handshake) says a server is there. An SSL request gets 'N' or 'S' from a PostgreSQL-wire server.
            socket.getOutputStream().write(new byte[]{0, 0, 0, 8, 4, (byte) 0xd2, 0x16, 0x2f});
            return socket.getInputStream().read() >= 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static void keepTail(InputStream out, Deque<String> log) {
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(out, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                synchronized (log) {
                    log.addLast(line);
                    if (log.size() > LOG_LINES) {
                        log.removeFirst();
                    }
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    private String tail() {
        synchronized (log) {
            return log.isEmpty() ? "(no output)" : String.join("\n", log);
        }
    }

    @Override
    public void close() {
        if (sql != null) {
            sql.close();
        }
        process.close();
        connection.close();
    }
}
