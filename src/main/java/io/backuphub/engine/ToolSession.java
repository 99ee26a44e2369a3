package io.backuphub.engine;

import io.backuphub.transport.Command;
import io.backuphub.transport.Connection;
import io.backuphub.transport.RunningCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One run of a database tool: its stdin fed from {@code input} on its own thread ({@link StdinFeeder}),
 * its stdout read here, then its exit awaited. Restores, client sessions and verifications all run
 * their tools this way; an engine only says which command, what goes in and what it makes of the output.
 */
public final class ToolSession {

    /** What a session makes of the tool's stdout, read while its stdin is being fed. */
    @FunctionalInterface
    public interface Output<T> {

        T read(InputStream stdout) throws IOException;
    }

    /** The output is not needed: read to the end (so the tool never blocks on a full pipe) and dropped. */
    public static final Output<Void> DISCARD = stdout -> {
        stdout.transferTo(OutputStream.nullOutputStream());
        return null;
    };

    private ToolSession() {
    }

    public static <T> T run(Connector connector, Command command, InputStream input, AtomicLong progress,
            Duration wait, Output<T> output) throws IOException {
        try (Connection connection = connector.connect(); RunningCommand tool = connection.start(command)) {
            StdinFeeder feeder = StdinFeeder.start(input, tool.stdin(), progress, command.program() + "-feed");
            T result = output.read(tool.stdout());
            feeder.finish(tool, wait);
            return result;
        }
    }

    /** The output as text, stripped; refused once longer than {@code max} bytes. */
    public static Output<String> text(int max, String tool) {
        return stdout -> new String(bounded(stdout, max, tool), StandardCharsets.UTF_8).strip();
    }

    /** A tool's whole output, refused once longer than {@code max} bytes (a runaway tool must not fill the heap). */
    public static byte[] bounded(InputStream in, int max, String tool) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[65536];
        int n;
        while ((n = in.read(buf)) >= 0) {
            if (out.size() + n > max) {
                throw new IOException(tool + " printed more than " + max / 1024 + " KiB");
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }
}
