package io.backuphub.engine.questdb;

import io.backuphub.engine.CommandDump;
import io.backuphub.engine.DumpRequest;
import io.backuphub.engine.HostScript;
import io.backuphub.target.Target;
import io.backuphub.transport.Connection;
import io.backuphub.transport.RunningCommand;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * A QuestDB backup: {@code CHECKPOINT CREATE}, a tar of the data root streamed from the transport's
 * host, then {@code CHECKPOINT RELEASE} — always: after the copy, when it fails, and when the job is
 * stopped (the release is the transport's last word before it closes, through the same tunnel). A
 * checkpoint left open stalls the server's housekeeping.
 */
final class CheckpointDump extends CommandDump {

    private static final Logger LOG = Logger.getLogger(CheckpointDump.class);
    private static final int RELEASE_WAIT_SECONDS = 60;
    /**
     * Runs in the data root: the checkpoint's metadata first, then the tables and the configuration.
     * GNU tar exits 1 when a file changed while it was read, which QuestDB's appends do under the
     * checkpoint by design (the checkpoint's metadata says which bytes count); 2 and up are failures.
     */
    private static final String TAR = """
            cd -- "$1" || exit 2
            if [ ! -d .checkpoint ] || [ ! -d db ]; then
              echo "$1 has no db/ and .checkpoint/ after CHECKPOINT CREATE: questdb.root is not this server's data root" >&2
              exit 2
            fi
            set -- .checkpoint db
            [ -d conf ] && set -- "$@" conf
            tar --sparse --warning=no-file-changed -cf - -- "$@"
            rc=$?
            [ "$rc" -le 1 ] || exit "$rc"
            """;

    private final Checkpoint checkpoint;
    private final Map<String, Object> facts;

    private CheckpointDump(Connection connection, RunningCommand tar, Checkpoint checkpoint,
            Map<String, Object> facts) {
        super(connection, tar);
        this.checkpoint = checkpoint;
        this.facts = facts;
    }

    /** Creates the checkpoint, records the tables and row counts, and starts the copy. */
    static CheckpointDump start(DumpRequest request, String root) throws IOException {
        Target target = request.target();
        Connection connection = request.connector().connect();
        try {
            QuestDbSql sql = QuestDbSql.open(target, connection);
            Checkpoint checkpoint = new Checkpoint(sql, target.id());
            connection.whenClosing(checkpoint::release);
            String version = sql.version();
            sql.execute("CHECKPOINT CREATE");
            checkpoint.created.set(true);
            Map<String, String> directories = sql.tables();
            Map<String, Long> rows = sql.rowCounts(directories.keySet());
            List<Map<String, Object>> tables = new ArrayList<>();
            directories.forEach((name, directory) -> {
                Map<String, Object> table = new LinkedHashMap<>();
                table.put("name", name);
                table.put("directory", directory);
                table.put("rows", rows.get(name));
                tables.add(table);
            });
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("serverVersion", version);
            facts.put("root", root);
            facts.put(QuestDbEngine.TABLES, tables);
            facts.put("tableCount", tables.size());
            RunningCommand tar = connection.start(HostScript.command(TAR, root));
            return new CheckpointDump(connection, tar, checkpoint, facts);
        } catch (IOException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    @Override
    public void finish() throws IOException {
        super.finish();
        String failure = checkpoint.release();
        if (failure != null) {
            throw new IOException("the copy completed, but CHECKPOINT RELEASE failed: " + failure
                    + " (run CHECKPOINT RELEASE on the server: its housekeeping stays paused until then)");
        }
    }

    @Override
    public Map<String, Object> facts() {
        return facts;
    }

    /** The server's checkpoint mode, left exactly once. */
    private static final class Checkpoint {

        private final QuestDbSql sql;
        private final String targetId;
        private final AtomicBoolean created = new AtomicBoolean();
        private final AtomicBoolean done = new AtomicBoolean();

        Checkpoint(QuestDbSql sql, String targetId) {
            this.sql = sql;
            this.targetId = targetId;
        }

        /** Releases the checkpoint if this dump created it, and ends the session; returns why the release failed, or null. */
        String release() {
            if (!done.compareAndSet(false, true)) {
                return null;
            }
            try {
                if (created.get()) {
                    sql.answerWithin(RELEASE_WAIT_SECONDS);
                    sql.execute("CHECKPOINT RELEASE");
                    LOG.infof("%s: CHECKPOINT RELEASE done", targetId);
                }
                return null;
            } catch (IOException e) {
                LOG.errorf("%s: CHECKPOINT RELEASE failed: %s; the server stays in checkpoint mode (housekeeping"
                        + " paused) until someone runs CHECKPOINT RELEASE", targetId, e.getMessage());
                return e.getMessage();
            } finally {
                sql.close();
            }
        }
    }
}
