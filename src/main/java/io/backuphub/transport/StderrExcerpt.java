package io.backuphub.transport;

import io.backuphub.common.ContextThreads;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Drains a stderr stream on its own thread (a full stderr window would stall stdout on the same SSH
 * channel) and keeps the first and last few KiB: the cause of a failure is usually at one end.
 */
final class StderrExcerpt implements Runnable {

    static final int HEAD = 2048;
    static final int TAIL = 6144;

    private final InputStream in;
    private final byte[] head = new byte[HEAD];
    private final byte[] tail = new byte[TAIL];
    private int headLength;
    private long tailWritten;
    private long total;
    private final Thread thread;

    StderrExcerpt(InputStream in, String name) {
        this.in = in;
        this.thread = ContextThreads.daemon(this, name);
        this.thread.start();
    }

    @Override
    public void run() {
        byte[] buf = new byte[4096];
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                append(buf, n);
            }
        } catch (IOException ignored) {
            // The channel closed: what was read so far is the excerpt.
        }
    }

    private synchronized void append(byte[] buf, int n) {
        for (int i = 0; i < n; i++) {
            if (headLength < HEAD) {
                head[headLength++] = buf[i];
            } else {
                tail[(int) (tailWritten++ % TAIL)] = buf[i];
            }
        }
        total += n;
    }

    /** Waits briefly for the drain to reach end of stream, so the excerpt is complete. */
    void awaitEnd(long millis) {
        try {
            thread.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    synchronized String text() {
        String first = new String(head, 0, headLength, StandardCharsets.UTF_8);
        if (tailWritten == 0) {
            return first;
        }
        byte[] last;
        if (tailWritten <= TAIL) {
            last = Arrays.copyOf(tail, (int) tailWritten);
        } else {
            int start = (int) (tailWritten % TAIL);
            last = new byte[TAIL];
            System.arraycopy(tail, start, last, 0, TAIL - start);
            System.arraycopy(tail, 0, last, TAIL - start, start);
        }
        String gap = tailWritten > TAIL ? "\n[... " + (total - HEAD - TAIL) + " bytes of stderr omitted ...]\n" : "";
        return first + gap + new String(last, StandardCharsets.UTF_8);
    }
}
