package io.backuphub.pitr;

import io.backuphub.engine.postgres.PostgresEngine;
import io.backuphub.target.Target;
import io.backuphub.transport.Connection;
import io.backuphub.transport.ProcessScope;
import io.backuphub.transport.Transports;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One target's pg_receivewal, run on the hub's host against the server through the target's transport
 * (an SSH tunnel, or directly with transport local) on the target's physical replication slot, writing
 * segments into the target's spool folder: {@code NAME.partial} while it fills, {@code NAME} once
 * complete and flushed. Stopped with SIGTERM, so that pg_receivewal flushes what it has received.
 */
final class WalReceiver implements AutoCloseable {

    private static final long STOP_WAIT_SECONDS = 10;

    private final ProcessScope scope;
    private final Connection connection;
    private final Process process;
    private final Path log;
    private final InetSocketAddress server;
    private final ServerLogin login;
    private final String slot;

    private WalReceiver(ProcessScope scope, Connection connection, Process process, Path log, InetSocketAddress server,
            ServerLogin login, String slot) {
        this.scope = scope;
        this.connection = connection;
        this.process = process;
        this.log = log;
        this.server = server;
        this.login = login;
        this.slot = slot;
    }

    /** The slot as the server sees it now, through the receiver's own tunnel. */
    ServerLogin.SlotState slot() throws IOException {
        return login.slot(server, slot);
    }

    /**
     * Checks the slot (refusing one the server does not bound, unless the target allows it), creates it
     * if missing, and starts streaming; a refusal or failure says why in its message.
     */
    static WalReceiver start(Target target, Transports transports, Path spool) throws IOException {
        Files.createDirectories(spool);
        ProcessScope scope = ProcessScope.open("wal of " + target.id(), null);
        Connection connection = null;
        try {
            connection = transports.connect(target, scope);
            Target.DatabaseSpec db = target.database();
            InetSocketAddress server = connection.forward(db.host(),
                    db.port() == null ? PostgresEngine.DEFAULT_PORT : db.port());
            ServerLogin login = ServerLogin.of(target);
            String slot = target.pitr().slotFor(target.id());
            ServerLogin.SlotState state = login.slot(server, slot);
            if (!state.bounded() && !Boolean.TRUE.equals(target.pitr().allowUnboundedSlot())) {
                throw new RefusedException("the server keeps WAL for replication slots without bound"
                        + " (max_slot_wal_keep_size = -1): a receiver that stops would let WAL fill its disk. Set"
                        + " max_slot_wal_keep_size (for example 10GB) on the server, or pitr.allowUnboundedSlot: true");
            }
            if (state.lost()) {
                throw new LostSlotException("the server removed WAL the slot " + slot + " still needed"
                        + " (max_slot_wal_keep_size reached): the WAL chain has a gap. Drop the slot on the server"
                        + " (SELECT pg_drop_replication_slot('" + slot + "')) to stream again from now on");
            }
            if (!state.exists()) {
                run(command(server, login, List.of("--create-slot", "--if-not-exists", "--slot=" + slot)), login,
                        spool.resolveSibling(spool.getFileName() + ".create-slot.log"));
            }
            Path log = spool.resolveSibling(spool.getFileName() + ".log");
            List<String> stream = command(server, login, List.of("--directory=" + spool, "--slot=" + slot,
                    "--no-loop", "--status-interval=1"));
            Process process = builder(stream, login, log).start();
            return new WalReceiver(scope, connection, process, log, server, login, slot);
        } catch (IOException | RuntimeException e) {
            if (connection != null) {
                connection.close();
            }
            scope.close();
            throw e;
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Why it stopped: pg_receivewal's last words. */
    String exitReason() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            List<String> last = new ArrayList<>(lines.subList(Math.max(0, lines.size() - 3), lines.size()));
            return "pg_receivewal stopped (exit " + process.exitValue() + "): " + String.join(" / ", last);
        } catch (IOException | IllegalThreadStateException e) {
            return "pg_receivewal stopped";
        }
    }

    @Override
    public void close() {
        process.destroy(); // SIGTERM: pg_receivewal flushes the partial segment and exits
        try {
            if (!process.waitFor(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        connection.close();
        scope.close();
    }

    private static List<String> command(InetSocketAddress server, ServerLogin login, List<String> options) {
        List<String> argv = new ArrayList<>(List.of("pg_receivewal", "--no-password",
                "--host=" + server.getHostString(), "--port=" + server.getPort(), "--username=" + login.user()));
        argv.addAll(options);
        return argv;
    }

    private static ProcessBuilder builder(List<String> argv, ServerLogin login, Path log) {
        ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        login.password().ifPresent(p -> builder.environment().put("PGPASSWORD", p));
        builder.environment().put("PGAPPNAME", "backup-hub");
        return builder;
    }

    private static void run(List<String> argv, ServerLogin login, Path log) throws IOException {
        Process process = builder(argv, login, log).start();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", argv.subList(argv.size() - 3, argv.size())) + " failed: "
                        + Files.readString(log, StandardCharsets.UTF_8).strip());
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** The hub will not stream from this server as configured (not a passing failure: no retry helps). */
    static class RefusedException extends IOException {

        RefusedException(String message) {
            super(message);
        }
    }

    /** The slot lost WAL it needed: streaming again cannot fill the gap. */
    static final class LostSlotException extends RefusedException {

        LostSlotException(String message) {
            super(message);
        }
    }
}
