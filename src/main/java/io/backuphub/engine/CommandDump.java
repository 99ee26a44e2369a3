package io.backuphub.engine;

import io.backuphub.transport.Command;
import io.backuphub.transport.Connection;
import io.backuphub.transport.RunningCommand;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * A dump a tool writes to its stdout (pg_dump, mongodump, mariadb-dump): complete when the tool
 * exits 0. Engines that read more from the stream or explain failures better extend it.
 */
public class CommandDump implements Dump {

    /** How long a tool that reached the end of its output may take to exit. */
    private static final Duration EXIT_WAIT = Duration.ofMinutes(5);

    /** Makes the dump of a started command (a constructor reference). */
    @FunctionalInterface
    public interface Factory<D extends CommandDump> {

        D create(Connection connection, RunningCommand command);
    }

    private final Connection connection;
    private final RunningCommand command;

    public CommandDump(Connection connection, RunningCommand command) {
        this.connection = connection;
        this.command = command;
    }

    /** Starts {@code command} on a new connection; the connection is closed if the command cannot start. */
    public static <D extends CommandDump> D start(Connector connector, Command command, Factory<D> factory)
            throws IOException {
        Connection connection = connector.connect();
        try {
            return factory.create(connection, connection.start(command));
        } catch (IOException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    @Override
    public InputStream data() {
        return command.stdout();
    }

    @Override
    public void finish() throws IOException {
        command.awaitSuccess(EXIT_WAIT);
    }

    @Override
    public void close() {
        command.close();
        connection.close();
    }
}
