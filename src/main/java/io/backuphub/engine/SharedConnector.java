package io.backuphub.engine;

import io.backuphub.transport.Command;
import io.backuphub.transport.Connection;
import io.backuphub.transport.RunningCommand;
import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * One connection for every step of a job that runs many short commands on the same host (a recovery:
 * make folders, unpack, configure, start, read the log each few hundred milliseconds): opened on first
 * use and handed out again, so each step costs a command, not an SSH handshake. The steps' {@code close}
 * leaves it open; it closes with the job's process scope, or at {@link #reset} after it failed.
 */
public final class SharedConnector implements Connector {

    private final Connector opener;
    private Connection open;

    public SharedConnector(Connector opener) {
        this.opener = opener;
    }

    @Override
    public synchronized Connection connect() throws IOException {
        if (open == null) {
            open = opener.connect();
        }
        return new Borrowed(open);
    }

    /** The connection failed (the network, the server's sshd): the next step opens a new one. */
    public synchronized void reset() {
        if (open != null) {
            open.close();
            open = null;
        }
    }

    /** The shared connection as one step sees it: everything but closing it. */
    private record Borrowed(Connection shared) implements Connection {

        @Override
        public RunningCommand start(Command command) throws IOException {
            return shared.start(command);
        }

        @Override
        public InetSocketAddress forward(String host, int port) throws IOException {
            return shared.forward(host, port);
        }

        @Override
        public void whenClosing(Runnable task) {
            shared.whenClosing(task);
        }

        @Override
        public void close() {
            // the job's other steps use it still
        }
    }
}
