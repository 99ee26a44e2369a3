package io.backuphub.pipeline;

import io.backuphub.transport.Pipes;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Hands filled buffers to a writer thread through a small bounded queue, so compressing (caller's
 * thread) and hashing + writing to the store (writer thread) overlap. Memory stays at
 * (queue depth + 2) buffers whatever the stream's length; a slow store applies back-pressure.
 */
final class AsyncOutputStream extends OutputStream {

    private static final byte[] END = new byte[0];

    private final OutputStream sink;
    private final BlockingQueue<byte[]> queue;
    private final int bufferSize;
    private final Thread writer;
    private volatile Throwable failure;
    private byte[] current;
    private int position;
    private boolean closed;

    AsyncOutputStream(OutputStream sink, int bufferSize, int depth) {
        this.sink = sink;
        this.bufferSize = bufferSize;
        this.queue = new ArrayBlockingQueue<>(depth);
        this.current = new byte[bufferSize];
        this.writer = Pipes.daemon(this::drain, "store-writer");
        this.writer.start();
    }

    private void drain() {
        try {
            while (true) {
                byte[] chunk = queue.take();
                if (chunk == END) {
                    return;
                }
                sink.write(chunk);
            }
        } catch (Throwable t) {
            failure = t;
            queue.clear();
        }
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n = Math.min(len, bufferSize - position);
            System.arraycopy(b, off, current, position, n);
            position += n;
            off += n;
            len -= n;
            if (position == bufferSize) {
                hand(current);
                current = new byte[bufferSize];
                position = 0;
            }
        }
    }

    private void hand(byte[] chunk) throws IOException {
        try {
            while (!queue.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
                rethrow();
            }
            rethrow();
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
            byte[] last = new byte[position];
            System.arraycopy(current, 0, last, 0, position);
            hand(last);
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
