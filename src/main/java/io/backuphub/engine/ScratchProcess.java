package io.backuphub.engine;

import io.backuphub.transport.Command;
import io.backuphub.transport.Connection;
import io.backuphub.transport.RunningCommand;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A database server the hub starts on a restored folder to prove it loads (QuestDB on a restored
 * root, redis-server on an RDB): its output is read as it comes (a full pipe would stall it) and its
 * last lines kept for the error that explains a failed start; closing stops it and its connection.
 */
public final class ScratchProcess implements AutoCloseable {

    private static final int LOG_LINES = 30;

    private final Connection connection;
    private final RunningCommand process;
    private final Deque<String> log = new ArrayDeque<>();
    private final Thread reader;

    private ScratchProcess(Connection connection, RunningCommand process, String name) {
        this.connection = connection;
        this.process = process;
        this.reader = new Thread(this::keepTail, name);
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code command} on a new connection; the connection is closed if it cannot start. */
    public static ScratchProcess start(Connector connector, Command command, String name) throws IOException {
        Connection connection = connector.connect();
        try {
            return new ScratchProcess(connection, connection.start(command), name);
        } catch (IOException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /** The connection the server runs on: its tunnels reach the server. */
    public Connection connection() {
        return connection;
    }

    /** Whether the server has exited (its output closed). */
    public boolean exited() {
        return !reader.isAlive();
    }

    /** Its stderr and the last lines of its output, for the error that says why it stopped. */
    public String output() {
        synchronized (log) {
            return (process.stderr().isBlank() ? "" : process.stderr().strip() + "\n")
                    + (log.isEmpty() ? "(no output)" : String.join("\n", log));
        }
    }

    /** Waits up to {@code limit} for {@code probe} to answer; fails with the server's output if it exits first. */
    public <T> T awaitReady(Duration limit, Probe<T> probe) throws IOException {
        long deadline = System.nanoTime() + limit.toNanos();
        IOException last = null;
        while (System.nanoTime() < deadline) {
            if (exited()) {
                throw new IOException("the server exited instead of starting on the restored data: " + output());
            }
            try {
                return probe.answer();
            } catch (IOException e) {
                last = e;
            }
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while the server started", e);
            }
        }
        throw new IOException("the server did not answer within " + limit + " on the restored data ("
                + (last == null ? "" : last.getMessage()) + "): " + output());
    }

    /** Asks the starting server something; throws while it cannot answer yet. */
    @FunctionalInterface
    public interface Probe<T> {

        T answer() throws IOException;
    }

    private void keepTail() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.stdout(),
                StandardCharsets.UTF_8))) {
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

    @Override
    public void close() {
        process.close();
        connection.close();
    }
}
