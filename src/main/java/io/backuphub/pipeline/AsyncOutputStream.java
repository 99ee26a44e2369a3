package io.backuphub.pipeline;

import io.backuphub.common.ContextThreads;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Hands filled buffers to a writer thread, so compressing (caller's thread) and hashing + writing to
 * the store (writer thread) overlap. A fixed set of buffers circulates between the two threads:
 * memory stays at {@code depth + 1} buffers whatever the stream's length, nothing is allocated per
 * chunk, and a slow store applies back-pressure.
 */
final class AsyncOutputStream extends OutputStream {

    private record Chunk(byte[] data, int length) {
    }

    private static final Chunk END = new Chunk(new byte[0], 0);

    private final OutputStream sink;
    private final BlockingQueue<Chunk> filled;
    private final BlockingQueue<byte[]> free;
    private final Thread writer;
    private volatile Throwable failure;
    private byte[] current;
    private int position;
    private boolean closed;

    AsyncOutputStream(OutputStream sink, int bufferSize, int depth) {
        this.sink = sink;
        // depth + 1 buffers in all: the one being filled, the rest free or queued for the writer.
        this.filled = new ArrayBlockingQueue<>(depth + 1);
        this.free = new ArrayBlockingQueue<>(depth + 1);
        for (int i = 0; i < depth; i++) {
            free.add(new byte[bufferSize]);
        }
        this.current = new byte[bufferSize];
        this.writer = ContextThreads.daemon(this::drain, "store-writer");
        this.writer.start();
    }

    private void drain() {
        try {
            while (true) {
                Chunk chunk = filled.take();
                if (chunk == END) {
                    return;
                }
                sink.write(chunk.data(), 0, chunk.length());
                free.offer(chunk.data()); // always room: the queue holds every buffer there is
            }
        } catch (Throwable t) {
            failure = t;
        }
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[]{(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n = Math.min(len, current.length - position);
            System.arraycopy(b, off, current, position, n);
            position += n;
            off += n;
            len -= n;
            if (position == current.length) {
                hand(new Chunk(current, position));
                current = take(free);
                position = 0;
            }
        }
    }

    private void hand(Chunk chunk) throws IOException {
        try {
            while (!filled.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
                rethrow();
            }
            rethrow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing to the store");
        }
    }

    private byte[] take(BlockingQueue<byte[]> queue) throws IOException {
        try {
            byte[] buffer;
            while ((buffer = queue.poll(100, TimeUnit.MILLISECONDS)) == null) {
                rethrow();
            }
            return buffer;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing to the store");
        }
    }

    private void rethrow() throws IOException {
        Throwable t = failure;
        if (t instanceof IOException io) {
            throw io;
        }
        if (t != null) {
            throw new IOException("writing to the store failed: " + t.getMessage(), t);
        }
    }

    /** Writes what is buffered, waits for the writer, then closes the sink. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (position > 0) {
            hand(new Chunk(current, position));
        }
        hand(END);
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while finishing the store write");
        }
        rethrow();
        sink.close();
    }

    /** Stops the writer without flushing; the caller discards the object. */
    void abort() {
        closed = true;
        writer.interrupt();
    }
}
