package io.backuphub.engine;

import io.backuphub.common.ContextThreads;
import io.backuphub.transport.RunningCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Copies the decoded artifact into a tool's stdin (pg_restore, psql, mongorestore) on its own thread, and always closes that
 * stdin at the end (a restore tool would otherwise wait for more input for ever). A failure to read the
 * artifact (corrupt, truncated, wrong key) is the verification's failure; a failure to write means
 * the tool stopped reading, which its own exit status explains.
 */
final class StdinFeeder implements Runnable {

    private final InputStream source;
    private final OutputStream stdin;
    private final AtomicReference<IOException> readFailure = new AtomicReference<>();
    private final Thread thread;
    private final AtomicLong progress;

    private StdinFeeder(InputStream source, OutputStream stdin, AtomicLong progress, String name) {
        this.source = source;
        this.stdin = stdin;
        this.progress = progress;
        this.thread = ContextThreads.daemon(this, name);
    }

    static StdinFeeder start(InputStream source, OutputStream stdin, AtomicLong progress, String name) {
        StdinFeeder feeder = new StdinFeeder(source, stdin, progress, name);
        feeder.thread.start();
        return feeder;
    }

    @Override
    public void run() {
        try (OutputStream out = stdin) {
            byte[] buf = new byte[256 * 1024];
            while (true) {
                int n;
                try {
                    n = source.read(buf);
                } catch (IOException e) {
                    readFailure.set(e);
                    return;
                }
                if (n < 0) {
                    return;
                }
                out.write(buf, 0, n);
                progress.addAndGet(n);
            }
        } catch (IOException e) {
            // pg_restore closed its stdin: its exit status says why (or, for --list, that it had enough).
        }
    }

    private void await() {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits for the tool, then for the feeding to end. A failure to read the artifact explains a tool's
     * failure better than the tool can, so it is thrown first.
     */
    void finish(RunningCommand command, Duration wait) throws IOException {
        try {
            command.awaitSuccess(wait);
        } catch (IOException e) {
            await();
            throwIfReadFailed();
            throw e;
        }
        await();
        throwIfReadFailed();
    }

    private void throwIfReadFailed() throws IOException {
        IOException failure = readFailure.get();
        if (failure != null) {
            throw new IOException("reading the stored artifact failed: " + failure.getMessage(), failure);
        }
    }
}
