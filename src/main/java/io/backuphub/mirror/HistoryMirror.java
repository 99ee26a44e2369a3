package io.backuphub.mirror;

import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.WriteBatch;
import io.backuphub.artifact.ArtifactChanged;
import io.backuphub.common.Errors;
import io.backuphub.common.HubException;
import io.backuphub.integration.Integrations;
import io.backuphub.integration.IntegrationsConfig;
import io.backuphub.integration.IntegrationsFile;
import io.backuphub.integration.IntegrationsProperties;
import io.backuphub.job.Job;
import io.backuphub.job.JobFinished;
import io.backuphub.job.JobKind;
import io.backuphub.job.JobRepository;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Named;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.camel.Exchange;
import org.apache.camel.Variable;
import org.jboss.logging.Logger;

/**
 * The Firestore history mirror (integrations.yaml {@code firestore:}; absent = off). A finished backup,
 * restore or drill, a verification, and a backup deleted, pinned, unpinned, flagged or acknowledged
 * put their record in the mirror's queue in the catalog; the mirror-history route writes the due ones
 * to Firestore — from the catalog's state at that moment, under the catalog's ids, so a replay
 * overwrites — and a write that fails is tried again with a growing wait, for as long as it takes: an
 * outage delays the mirror, it loses nothing. The catalog stays the source of truth; {@link #resync}
 * rewrites every document from it.
 */
@ApplicationScoped
@Named("historyMirror")
public class HistoryMirror {

    private static final Logger LOG = Logger.getLogger(HistoryMirror.class);
    public static final String ENTRIES = "mirrorEntries";
    static final int BATCH = 100;
    /** Longer than a batch write can take (it times out first). */
    static final Duration LEASE = Duration.ofMinutes(2);
    static final Duration WRITE_TIMEOUT = Duration.ofSeconds(60);

    /** The mirror's state, for GET /api/v1/mirror. */
    public record Status(boolean enabled, String projectId, Map<String, String> collections,
            MirrorQueue.Backlog queue) {
    }

    private final MirrorQueue queue;
    private final JobRepository jobs;
    private final MirrorDocuments documents;
    private final IntegrationsConfig.Firestore config;
    private final Map<String, String> collections;
    private final Duration maxBackoff;
    private Firestore firestore;

    public HistoryMirror(MirrorQueue queue, JobRepository jobs, MirrorDocuments documents, Integrations integrations,
            IntegrationsProperties properties) {
        this.queue = queue;
        this.jobs = jobs;
        this.documents = documents;
        this.config = integrations.config().firestore();
        this.maxBackoff = properties.mirrorMaxBackoff();
        Map<String, String> names = new LinkedHashMap<>();
        for (String kind : IntegrationsFile.COLLECTIONS) {
            String configured = config == null || config.collections() == null ? null : config.collections().get(kind);
            names.put(kind, configured == null ? kind : configured);
        }
        this.collections = Map.copyOf(names);
    }

    public boolean enabled() {
        return config != null;
    }

    public Status status() {
        return new Status(enabled(), enabled() ? config.projectId() : null, collections, queue.backlog());
    }

    void onJobFinished(@Observes JobFinished finished) {
        if (enabled()) {
            queueSafely(() -> queueJob(finished.job()));
        }
    }

    void onArtifactChanged(@Observes ArtifactChanged changed) {
        if (enabled()) {
            queueSafely(() -> queue.add("artifact", changed.artifactId(), Instant.now()));
        }
    }

    /**
     * Observers run in the job's (or the deletion's) thread: a catalog hiccup while queueing must not
     * fail the backup that announced itself. The record then waits for the next change or a resync.
     */
    private static void queueSafely(Runnable add) {
        try {
            add.run();
        } catch (RuntimeException e) {
            LOG.errorf("Firestore mirror: could not queue a record (POST /api/v1/mirror/resync repairs it): %s",
                    Errors.describe(e));
        }
    }

    private void queueJob(Job job) {
        Instant now = Instant.now();
        if (List.of(JobKind.BACKUP, JobKind.RESTORE, JobKind.DRILL).contains(job.kind())) {
            queue.add("job", job.id(), now);
        }
        if (List.of(JobKind.BACKUP, JobKind.VERIFY).contains(job.kind())) {
            // A backup's artifact is recorded as it runs: the catalog's job row names it, the event's job not.
            String artifactId = job.artifactId() != null ? job.artifactId()
                    : jobs.find(job.id()).map(Job::artifactId).orElse(null);
            if (artifactId != null) {
                queue.add("artifact", artifactId, now); // its verification (and fingerprint) just changed
            }
        }
    }

    /** POST /api/v1/mirror/resync: every mirrored record queued again; how many are due. */
    public int resync() {
        if (!enabled()) {
            throw HubException.conflict("the Firestore mirror is off: integrations.yaml has no firestore section");
        }
        int due = queue.addEverything(Instant.now());
        LOG.infof("mirror resync: %d record(s) queued for Firestore", due);
        return due;
    }

    /** The mirror-history route's first step: due records this hub now holds (none when the mirror is off). */
    public List<MirrorQueue.Entry> due() {
        if (!enabled()) {
            return List.of();
        }
        Instant now = Instant.now();
        return queue.claimDue(now, now.plus(LEASE), BATCH);
    }

    /** Writes the entries' documents in one batch (all or none); records the catalog no longer has are skipped. */
    public void write(@Variable(ENTRIES) List<MirrorQueue.Entry> entries) throws InterruptedException,
            ExecutionException, TimeoutException {
        WriteBatch batch = firestore().batch();
        int writes = 0;
        for (MirrorQueue.Entry entry : entries) {
            var document = documents.of(entry, collections);
            if (document.isPresent()) {
                batch.set(firestore().collection(document.get().collection()).document(document.get().id()),
                        document.get().fields());
                writes++;
            }
        }
        if (writes > 0) {
            batch.commit().get(WRITE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    public void written(@Variable(ENTRIES) List<MirrorQueue.Entry> entries) {
        entries.forEach(queue::written);
    }

    public void failed(@Variable(ENTRIES) List<MirrorQueue.Entry> entries, Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String error = Errors.describe(cause);
        Instant now = Instant.now();
        for (MirrorQueue.Entry entry : entries) {
            queue.failed(entry, error, now.plus(backoff(entry.attempts() + 1)));
        }
        LOG.warnf("Firestore mirror: %d record(s) not written, tried again with backoff: %s", entries.size(), error);
    }

    /** 2, 4, 8... seconds, up to hub.integrations.mirror-max-backoff. */
    Duration backoff(int attempt) {
        Duration wait = Duration.ofSeconds(1L << Math.min(attempt, 20));
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }

    private synchronized Firestore firestore() {
        if (firestore == null) {
            firestore = FirestoreConnection.open(config);
        }
        return firestore;
    }

    @PreDestroy
    synchronized void close() throws Exception {
        if (firestore != null) {
            firestore.close();
        }
    }
}
