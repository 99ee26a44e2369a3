package io.backuphub.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.sshd.common.channel.LocalWindow;

/**
 * A command's stdout over SSH: MINA's I/O thread writes each data packet into a ring buffer, the
 * reader takes bytes out and only then gives the window back, so the server never has more in flight
 * than the ring can hold and the I/O thread never blocks (other channels of the session go on).
 * <p>
 * It replaces MINA's piped stream, which moves everything still unread to the front of its buffer
 * after each read: with an 8 MiB window and a reader taking 256 KiB at a time, that copied the same
 * bytes over and over, a tenth of a backup's CPU (docs/benchmarks.md). The ring starts small and
 * grows, up to the window, only while the reader falls behind. The window goes back an eighth at a
 * time (or whenever the ring runs empty): MINA would send an adjust message for every 16 KiB.
 */
final class ChannelStdout extends InputStream {

    private static final int INITIAL_CAPACITY = 64 * 1024;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition readable = lock.newCondition();
    private final OutputStream sink = new Sink();
    private final long maxBytes;
    private final long releaseBatch;
    private LocalWindow window;
    private long unreleased; // read, not yet given back to the window (reader's thread only)
    private byte[] ring = new byte[INITIAL_CAPACITY];
    private int head; // index of the oldest unread byte
    private int size; // unread bytes
    private boolean ended; // the channel closed its side: no more bytes will come
    private boolean closed; // the reader is done

    /** {@code windowBytes}: the channel's window, which bounds what the server may send before a read. */
    ChannelStdout(long windowBytes) {
        this.maxBytes = 2 * windowBytes; // a margin: the server never has more than the window in flight
        this.releaseBatch = windowBytes / 8;
    }

    /** Once the channel exists: reads give their bytes back to its window. */
    void attach(LocalWindow window) {
        this.window = window;
    }

    /** Where MINA writes the channel's data packets (and closes it at the channel's end). */
    OutputStream sink() {
        return sink;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        int n;
        boolean drained;
        lock.lock();
        try {
            while (size == 0) {
                if (closed) {
                    throw new IOException("stdout closed");
                }
                if (ended) {
                    return -1;
                }
                readable.await();
            }
            n = Math.min(len, size);
            int first = Math.min(n, ring.length - head);
            System.arraycopy(ring, head, b, off, first);
            System.arraycopy(ring, 0, b, off + first, n - first);
            head = (head + n) % ring.length;
            size -= n;
            drained = size == 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading stdout");
        } finally {
            lock.unlock();
        }
        unreleased += n;
        if (drained || unreleased >= releaseBatch) {
            if (window.isOpen()) { // a closed channel takes no adjust: the rest is read from the ring
                window.release(unreleased);
            }
            unreleased = 0;
        }
        return n;
    }

    @Override
    public int available() {
        lock.lock();
        try {
            return size;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            readable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void receive(byte[] b, int off, int len) throws IOException {
        lock.lock();
        try {
            if (closed) {
                throw new IOException("stdout closed by its reader");
            }
            if (size + len > ring.length) {
                grow(size + len);
            }
            int tail = (head + size) % ring.length;
            int first = Math.min(len, ring.length - tail);
            System.arraycopy(b, off, ring, tail, first);
            System.arraycopy(b, off + first, ring, 0, len - first);
            size += len;
            readable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void grow(int needed) throws IOException {
        if (needed > maxBytes) {
            throw new IOException("the server sent " + needed + " bytes of stdout, more than the window of "
                    + maxBytes + " allows");
        }
        int capacity = ring.length;
        while (capacity < needed) {
            capacity = (int) Math.min(maxBytes, 2L * capacity);
        }
        byte[] bigger = new byte[capacity];
        int first = Math.min(size, ring.length - head);
        System.arraycopy(ring, head, bigger, 0, first);
        System.arraycopy(ring, 0, bigger, first, size - first);
        ring = bigger;
        head = 0;
    }

    private void end() {
        lock.lock();
        try {
            ended = true;
            readable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private final class Sink extends OutputStream {

        @Override
        public void write(int b) throws IOException {
            receive(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            receive(b, off, len);
        }

        @Override
        public void close() {
            end();
        }
    }
}
