package io.backuphub.transport;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;

/** An open way to run commands where a target's dump tools live (an SSH session, or this host). */
public interface Connection extends Closeable {

    RunningCommand start(Command command) throws IOException;

    /**
     * An address on the hub that reaches {@code host:port} as seen from where this connection runs
     * commands: a tunnel through SSH, or the address itself on this host. Open until the connection
     * closes. For engines whose restore steps speak the server's protocol (MongoDB's drop and rename).
     */
    InetSocketAddress forward(String host, int port) throws IOException;

    /**
     * Runs {@code task} once when this connection closes, before its session and tunnels go: a job
     * stopped half-way (cancel, deadline) still says its last word to the server (QuestDB's
     * {@code CHECKPOINT RELEASE} through a tunnel).
     */
    void whenClosing(Runnable task);

    @Override
    void close();
}
