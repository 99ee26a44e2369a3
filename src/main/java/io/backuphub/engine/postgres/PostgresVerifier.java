package io.backuphub.engine.postgres;

import io.backuphub.engine.Fingerprint;
import io.backuphub.engine.ToolSession;
import io.backuphub.engine.Verification;
import io.backuphub.engine.VerifyRequest;
import io.backuphub.transport.Command;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Verifies a stored pg_dump archive with the hub's pg_restore, reading the artifact back from the
 * store (never from memory) in two passes: {@code --list} proves the table of contents is there; a
 * full read (the SQL script on stdout) proves every entry and data block decodes to the end, and
 * fingerprints each table's rows on the way ({@link CopyText}), while the stored bytes are checked
 * against the manifest's size and SHA-256.
 */
final class PostgresVerifier {

    private static final Logger LOG = Logger.getLogger(PostgresVerifier.class);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
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
        if (toc.declaredEntries() <= 0) {
            return Verification.failed("pg_restore --list printed no table of contents", evidence);
        }
        // Partitioned parents legitimately have no TABLE DATA entry, so these are evidence, not a verdict.
        evidence.put("tablesWithoutData", toc.tablesWithoutData());

        FullRead read = runFullRead(request);
        evidence.put("decodedBytes", read.bytes());
        evidence.put("rows", read.fingerprint().totalRows());
        // An empty database is a valid backup; one that lost every table is SuspicionCheck's to judge.
        String summary = toc.entries().isEmpty() ? "pg_restore read the archive to the end: the database was empty"
                : "pg_restore read " + toc.entries().size() + " TOC entries and " + toc.count("TABLE DATA")
                        + " table data blocks to the end";
        return Verification.verified(summary, evidence, read.fingerprint());
    }

    private String runList(VerifyRequest request) throws IOException {
        // The source is opened before pg_restore starts: a missing or unreadable object fails here, at once.
        try (InputStream source = request.source().open()) {
            // pg_restore stops reading once it has the TOC: a closed pipe on our side is expected here.
            return ToolSession.run(request.hubHost(), Command.of(pgRestore, "--list"), source, new AtomicLong(),
                    LIST_WAIT, ToolSession.text(MAX_LISTING, "pg_restore --list"));
        }
    }

    private record FullRead(long bytes, Fingerprint fingerprint) {
    }

    private FullRead runFullRead(VerifyRequest request) throws IOException {
        AtomicLong bytes = new AtomicLong();
        try (InputStream source = request.source().open()) {
            // This thread reads pg_restore's output: its CPU time is what the fingerprint costs.
            long cpu = THREADS.getCurrentThreadCpuTime();
            Fingerprint fingerprint = ToolSession.run(request.hubHost(), Command.of(pgRestore, "--file=-"), source,
                    bytes, READ_WAIT, CopyText::fromScript);
            LOG.infof("fingerprinted %d rows in %d tables: %d ms of CPU", fingerprint.totalRows(),
                    fingerprint.tables().size(), (THREADS.getCurrentThreadCpuTime() - cpu) / 1_000_000);
            return new FullRead(bytes.get(), fingerprint);
        }
    }
}
