package io.backuphub.pipeline;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes the same bytes to several stores at once: each branch has its own writer thread and a fixed
 * set of buffers, so the stores upload in parallel, the slowest one holds the stream back, and memory
 * stays constant. A branch that fails is dropped with its reason while the others go on; the stream
 * fails only when no branch is left. One branch is written directly, as if there were no fan-out.
 */
public final class FanOutOutputStream extends OutputStream {

    private final List<String> names = new ArrayList<>();
    private final List<OutputStream> branches = new ArrayList<>();
    private final IOException[] failures;
    private boolean closed;

    /** {@code sinks}: each branch by its name (a store id), used in the reasons. */
    public FanOutOutputStream(Map<String, OutputStream> sinks) {
        this.failures = new IOException[sinks.size()];
        sinks.forEach((name, sink) -> {
            names.add(name);
            branches.add(sinks.size() == 1 ? sink
                    : new AsyncOutputStream(sink, BackupPipeline.STORE_BUFFER, BackupPipeline.STORE_QUEUE_DEPTH));
        });
    }

    /** Why the branch {@code name} was dropped; empty while it is written (or once closed cleanly). */
    public Optional<IOException> failure(String name) {
        int i = names.indexOf(name);
        return i < 0 ? Optional.empty() : Optional.ofNullable(failures[i]);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[]{(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        for (int i = 0; i < branches.size(); i++) {
            if (failures[i] == null) {
                try {
                    branches.get(i).write(b, off, len);
                } catch (IOException e) {
                    drop(i, e);
                }
            }
        }
        requireOneLeft();
    }

    /** Closes every branch still written (waiting for its writer); fails only if none closed cleanly. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        for (int i = 0; i < branches.size(); i++) {
            if (failures[i] == null) {
                try {
                    branches.get(i).close();
                } catch (IOException e) {
                    drop(i, e);
                }
            }
        }
        requireOneLeft();
    }

    /** Stops every writer thread without flushing: the caller discards what was written. */
    public void abort() {
        closed = true;
        for (OutputStream branch : branches) {
            if (branch instanceof AsyncOutputStream async) {
                async.abort();
            }
        }
    }

    private void drop(int i, IOException e) {
        failures[i] = e;
        if (branches.get(i) instanceof AsyncOutputStream async) {
            async.abort();
        }
    }

    private void requireOneLeft() throws IOException {
        for (IOException failure : failures) {
            if (failure == null) {
                return;
            }
        }
        if (failures.length == 1) {
            throw failures[0];
        }
        List<String> reasons = new ArrayList<>();
        for (int i = 0; i < failures.length; i++) {
            reasons.add(names.get(i) + ": " + failures[i].getMessage());
        }
        IOException all = new IOException("every store failed: " + String.join("; ", reasons));
        java.util.Arrays.stream(failures).forEach(all::addSuppressed);
        throw all;
    }
}
