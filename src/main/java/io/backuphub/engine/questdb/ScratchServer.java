package io.backuphub.engine.questdb;

import io.backuphub.common.Secrets;
import io.backuphub.engine.Connector;
import io.backuphub.engine.Fingerprint;
import io.backuphub.engine.ScratchProcess;
import io.backuphub.target.Target;
import io.backuphub.transport.Command;
import io.backuphub.transport.Connection;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
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

    private static final Duration START_WAIT = Duration.ofMinutes(10);

    private final ScratchProcess process;
    private final QuestDbSql sql;

    private ScratchServer(ScratchProcess process, QuestDbSql sql) {
        this.process = process;
        this.sql = sql;
    }

    /** Starts QuestDB on {@code root} and waits until it answers; fails with its output if it exits. */
    static ScratchServer start(Target destination, QuestDbSettings settings, String root, Connector connector)
            throws IOException {
        Target.DatabaseSpec db = destination.database();
        int port = db.port() == null ? QuestDbSql.DEFAULT_PORT : db.port();
        String user = db.user() == null ? "admin" : db.user();
        String password = Secrets.resolve(db.passwordEnv(), db.passwordFile(), "database password").orElse("quest");
        try (Connection probe = connector.connect()) {
            if (answers(probe.forward(db.host(), port))) {
                throw new IOException("something already listens on " + db.host() + ":" + port + " of "
                        + destination.id() + ": give the restore destination a free database.port for the QuestDB"
                        + " the hub starts on restored roots");
            }
        }
        ScratchProcess process = null;
        try {
            process = ScratchProcess.start(connector, command(settings, root, db.host() + ":" + port, user, password),
                    "questdb-scratch");
            InetSocketAddress address = process.connection().forward(db.host(), port);
            return new ScratchServer(process, process.awaitReady(START_WAIT,
                    () -> QuestDbSql.open(address, user, password)));
        } catch (IOException | RuntimeException e) {
            if (process != null) {
                process.close();
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

    /** Row counts of every user table, compared by count alone (docs/questdb.md). */
    Fingerprint fingerprint() throws IOException {
        List<Fingerprint.Table> tables = new ArrayList<>();
        for (Map.Entry<String, Long> count : sql.rowCounts(sql.tables().keySet()).entrySet()) {
            tables.add(Fingerprint.Table.counted(count.getKey(), count.getValue()));
        }
        return new Fingerprint(tables);
    }

    /**
     * Whether a server already answers at {@code address}. A tunnel accepts before it reaches the far
     * side: only a byte back says a server is there (a PostgreSQL-wire server answers an SSL request).
     */
    private static boolean answers(InetSocketAddress address) {
        try (Socket socket = new Socket()) {
            socket.connect(address, 2000);
            socket.setSoTimeout(2000);
            socket.getOutputStream().write(new byte[]{0, 0, 0, 8, 4, (byte) 0xd2, 0x16, 0x2f});
            return socket.getInputStream().read() >= 0;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        sql.close();
        process.close();
    }
}
