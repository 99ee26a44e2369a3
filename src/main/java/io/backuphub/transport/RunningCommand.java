package io.backuphub.transport;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

/** A started command: stdout is a stream, stderr is kept as a bounded excerpt for error messages. */
public interface RunningCommand extends Closeable {

    InputStream stdout();

    /** The command's stdin, positioned after any secrets the transport sent first. */
    OutputStream stdin();

    /** Waits for the command to end; throws {@link CommandFailedException} unless it exited 0. */
    void awaitSuccess(Duration timeout) throws IOException;

    /** What the command wrote to stderr so far (head and tail if it was long). */
    String stderr();

    /** Stops the command if it still runs and releases its resources. */
    @Override
    void close();
}
