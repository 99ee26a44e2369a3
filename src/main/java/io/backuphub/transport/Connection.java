package io.backuphub.transport;

import java.io.Closeable;
import java.io.IOException;

/** An open way to run commands where a target's dump tools live (an SSH session, or this host). */
public interface Connection extends Closeable {

    RunningCommand start(Command command) throws IOException;

    @Override
    void close();
}
