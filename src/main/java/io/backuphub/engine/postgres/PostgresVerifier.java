package io.backuphub.engine.postgres;

import io.backuphub.common.ContextThreads;
import io.backuphub.engine.Verification;
import io.backuphub.engine.VerifyRequest;
import io.backuphub.transport.Command;
import io.backuphub.transport.Connection;
import io.backuphub.transport.RunningCommand;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Verifies a stored pg_dump archive with the hub's pg_restore, reading the artifact back from the
 * store (never from memory) in two passes: {@code --list} proves the table of contents is there; a
 * full read ({@code --file=/dev/null}) proves every entry and data block decodes to the end, while the
 * stored bytes are checked against the manifest's size and SHA-256.
 */
final class PostgresVerifier {

    private static final int MAX_LISTING = 64 * 1024 * 1024;
    private static final Duration LIST_WAIT = Duration.ofMinutes(10);
    private static final Duration READ_WAIT = Duration.ofHours(12);

    private final String pgRestore;

    PostgresVerifier(String pgRestore) {
        this.pgRestore = pgRestore;
    }

    /** Never throws for a bad artifact: the reason is in the failed verification. */
    Verification verify(VerifyRequest request) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        try {
            return verify(request, evidence);
        } catch (IOException e) {
            return Verification.failed(e.getMessage(), evidence);
        }
    }

    private Verification verify(VerifyRequest request, Map<String, Object> evidence) throws IOException {
        String listing = runList(request);
        PgRestoreToc toc = PgRestoreToc.parse(listing);
        evidence.putAll(toc.evidence());
        if (toc.entries().isEmpty()) {
            return Verification.failed("pg_restore --list found an empty table of contents", evidence);
        }
        // Partitioned parents legitimately have no TABLE DATA entry, so these are evidence, not a verdict.
        evidence.put("tablesWithoutData", toc.tablesWithoutData());

        long decodedBytes = runFullRead(request);
        evidence.put("decodedBytes", decodedBytes);
        return Verification.verified("pg_restore read " + toc.entries().size() + " TOC entries and "
                + toc.count("TABLE DATA") + " table data blocks to the end", evidence);
    }

    private String runList(VerifyRequest request) throws IOException {
        // The source is opened before pg_restore starts: a missing or unreadable object fails here, at once.
        try (InputStream source = request.source().open();
                Connection local = request.hubHost().connect();
                RunningCommand list = local.start(Command.of(pgRestore, "--list"))) {
            // pg_restore stops reading once it has the TOC: a closed pipe on our side is expected here.
            Feeder feeder = Feeder.start(source, list.stdin(), "verify-list-feed");
            byte[] listing = readBounded(list.stdout());
            finish(list, feeder, LIST_WAIT);
            return new String(listing, StandardCharsets.UTF_8);
        }
    }

    private long runFullRead(VerifyRequest request) throws IOException {
        try (InputStream source = request.source().open();
                Connection local = request.hubHost().connect();
                RunningCommand read = local.start(Command.of(pgRestore, "--file=/dev/null"))) {
            Feeder feeder = Feeder.start(source, read.stdin(), "verify-read-feed");
            read.stdout().transferTo(OutputStream.nullOutputStream());
            finish(read, feeder, READ_WAIT);
            return feeder.bytes;
        }
    }

    /** A failure to read the artifact explains a pg_restore failure better than pg_restore can. */
    private static void finish(RunningCommand command, Feeder feeder, Duration wait) throws IOException {
        try {
            command.awaitSuccess(wait);
        } catch (IOException e) {
            feeder.await();
            feeder.throwIfReadFailed();
            throw e;
        }
        feeder.await();
        feeder.throwIfReadFailed();
    }

    private static byte[] readBounded(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[65536];
        int n;
        while ((n = in.read(buf)) >= 0) {
            if (out.size() + n > MAX_LISTING) {
                throw new IOException("pg_restore --list printed more than " + MAX_LISTING / (1024 * 1024) + " MiB");
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    /**
     * Copies the decoded artifact into pg_restore's stdin on its own thread, and always closes that
     * stdin at the end (pg_restore would otherwise wait for more input for ever). A failure to read the
     * artifact (corrupt, truncated, wrong key) is the verification's failure; a failure to write means
     * pg_restore stopped reading, which pg_restore's own exit status explains.
     */
    private static final class Feeder implements Runnable {

        private final InputStream source;
        private final OutputStream stdin;
        private final AtomicReference<IOException> readFailure = new AtomicReference<>();
        private final Thread thread;
        private volatile long bytes;

        private Feeder(InputStream source, OutputStream stdin, String name) {
            this.source = source;
            this.stdin = stdin;
            this.thread = ContextThreads.daemon(this, name);
        }

        static Feeder start(InputStream source, OutputStream stdin, String name) {
            Feeder feeder = new Feeder(source, stdin, name);
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
                    bytes += n;
                }
            } catch (IOException e) {
                // pg_restore closed its stdin: its exit status says why (or, for --list, that it had enough).
            }
        }

        void await() {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void throwIfReadFailed() throws IOException {
            IOException failure = readFailure.get();
            if (failure != null) {
                throw new IOException("reading the stored artifact failed: " + failure.getMessage(), failure);
            }
        }
    }
}
