package io.backuphub.replication;

import io.backuphub.artifact.Artifact;
import io.backuphub.artifact.ArtifactCopies;
import io.backuphub.artifact.ArtifactCopy;
import io.backuphub.artifact.ArtifactRepository;
import io.backuphub.artifact.CopyRepository;
import io.backuphub.artifact.CopyStatus;
import io.backuphub.artifact.WriteIntents;
import io.backuphub.audit.AuditRepository;
import io.backuphub.job.Job;
import io.backuphub.job.JobLifecycle;
import io.backuphub.job.RunningJobs;
import io.backuphub.pipeline.ChecksumInputStream;
import io.backuphub.store.ArtifactStore;
import io.backuphub.store.ObjectKeys;
import io.backuphub.store.ObjectWriter;
import io.backuphub.store.StoreRegistry;
import io.backuphub.store.StoredObject;
import io.backuphub.transport.ProcessScope;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Variable;
import org.jboss.logging.Logger;

/**
 * The replicate-artifact route's steps: an artifact streamed from a store holding a good copy into
 * another store (the one the job's options name), store to store through a fixed buffer, its size and
 * SHA-256 checked on the way, then its manifest beside it, then recorded. Like a backup, the copy
 * appears under its key only when complete, and a try that fails leaves nothing behind; the route tries
 * hub.replication.attempts times, waiting longer each time, before the copy is marked failed with the
 * reason.
 */
@ApplicationScoped
@Named("replicator")
public class Replicator {

    private static final Logger LOG = Logger.getLogger(Replicator.class);
    private static final int BUFFER = 1024 * 1024;

    /** The exchange variable holding the copy read from ({@link ArtifactCopies.Located}). */
    public static final String SOURCE = "source";
    /** The exchange variable holding the copy made, once a try succeeded. */
    public static final String COPIED = "copied";

    @Inject ArtifactRepository artifacts;
    @Inject ArtifactCopies artifactCopies;
    @Inject CopyRepository copies;
    @Inject StoreRegistry stores;
    @Inject WriteIntents intents;
    @Inject RunningJobs running;
    @Inject AuditRepository audit;
    @Inject ReplicationProperties config;

    /** load-artifact-to-copy: the job's artifact; should the job fail, its copy is marked failed with the reason. */
    public Artifact load(@Variable(JobLifecycle.JOB) Job job) throws IOException {
        Artifact artifact = artifacts.find(job.artifactId())
                .orElseThrow(() -> new IOException("artifact " + job.artifactId() + " no longer exists"));
        running.onFailure(job.id(), reason -> failed(artifact, storeOf(job), reason));
        return artifact;
    }

    /** pick-good-source: a store holding a good copy of the artifact, other than the one to copy into. */
    public ArtifactCopies.Located source(@Variable(JobLifecycle.JOB) Job job,
            @Variable(JobLifecycle.ARTIFACT) Artifact artifact) throws IOException {
        String storeId = storeOf(job);
        return artifactCopies.readable(artifact, null).filter(c -> !c.copy().store().equals(storeId))
                .orElseThrow(() -> new IOException("no store holds a good copy of artifact " + artifact.id()
                        + " to copy from"));
    }

    /**
     * stream-into-store: the object, streamed and checked (size, SHA-256) into the store, committed;
     * announced as the hub's write first. A try that fails removes what it wrote.
     */
    public StoredObject stream(@Variable(JobLifecycle.JOB) Job job, @Variable(JobLifecycle.ARTIFACT) Artifact artifact,
            @Variable(SOURCE) ArtifactCopies.Located source) throws IOException {
        String storeId = storeOf(job);
        ArtifactStore target = stores.get(storeId);
        String key = source.copy().key();
        clearOwnRemains(storeId, target, key);
        ProcessScope scope = running.scope(job.id());
        AtomicLong progress = running.progress(job.id());
        progress.set(0);
        StoredObject stored;
        try (ObjectWriter writer = intents.create(storeId, target, key, job.id())) {
            try (InputStream in = new ChecksumInputStream(source.store().open(key), artifact.sha256(),
                    artifact.bytes()); OutputStream out = writer.stream()) {
                byte[] buffer = new byte[BUFFER];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    scope.checkRunning();
                    out.write(buffer, 0, n);
                    progress.addAndGet(n);
                }
            }
            stored = writer.commit();
        }
        if (stored.size() != artifact.bytes()) {
            intents.abandon(storeId, target, key);
            throw new IOException("store " + storeId + " holds " + stored.size() + " bytes for " + key + ", "
                    + artifact.bytes() + " were copied");
        }
        return stored;
    }

    /** copy-manifest: the source's manifest beside the copied object; a failure removes both. */
    public StoredObject copyManifest(@Variable(JobLifecycle.JOB) Job job,
            @Variable(SOURCE) ArtifactCopies.Located source, @Body StoredObject stored) throws IOException {
        String storeId = storeOf(job);
        ArtifactStore target = stores.get(storeId);
        String manifestKey = ObjectKeys.manifestKey(source.copy().key());
        try (InputStream in = source.store().open(manifestKey);
                ObjectWriter writer = intents.create(storeId, target, manifestKey, job.id())) {
            try (OutputStream out = writer.stream()) {
                in.transferTo(out);
            }
            writer.commit();
        } catch (IOException | RuntimeException e) {
            intents.abandon(storeId, target, manifestKey);
            intents.abandon(storeId, target, source.copy().key());
            throw e;
        }
        return stored;
    }

    /**
     * wait-before-next-try: after a failed try, waits hub.replication.backoff (doubled after each try)
     * and lets the route try again; once hub.replication.attempts tries failed, or when the job is
     * stopped, the failure is the job's.
     */
    public void retryOrGiveUp(@Variable(JobLifecycle.JOB) Job job,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception failure,
            @ExchangeProperty(Exchange.LOOP_INDEX) Integer index) throws Exception {
        if (failure instanceof ProcessScope.ScopeStoppedException) {
            throw failure;
        }
        int attempt = (index == null ? 0 : index) + 1;
        if (attempt >= config.attempts()) {
            throw new IOException("copy to store " + storeOf(job) + " failed " + attempt + " time(s), last: "
                    + failure.getMessage(), failure);
        }
        Duration wait = config.backoff().multipliedBy(1L << Math.min(attempt - 1, 20));
        LOG.warnf("copy of %s to store %s failed (try %d of %d), again in %s: %s", job.artifactId(), storeOf(job),
                attempt, config.attempts(), wait, failure.getMessage());
        pause(running.scope(job.id()), wait);
    }

    /** record-copy: the copy is the catalog's (its row stored), audited. */
    public void record(@Variable(JobLifecycle.JOB) Job job, @Variable(JobLifecycle.ARTIFACT) Artifact artifact,
            @Variable(SOURCE) ArtifactCopies.Located source, @Variable(COPIED) StoredObject stored) {
        String storeId = storeOf(job);
        copies.save(new ArtifactCopy(artifact.id(), storeId, source.copy().key(), stored.size(), artifact.sha256(),
                stored.checksum(), CopyStatus.STORED, null, Instant.now()));
        audit.record("hub", "artifact.copied", "artifact/" + artifact.id(), null, "succeeded",
                source.copy().store() + " -> " + storeId + ": " + stored.size() + " bytes");
        LOG.infof("copied artifact %s from store %s to store %s: %d bytes", artifact.id(), source.copy().store(),
                storeId, stored.size());
    }

    private static String storeOf(Job job) {
        return String.valueOf(job.options().get("store"));
    }

    /**
     * What an earlier try of this copy left under its key (a create never overwrites) is removed: the
     * catalog holds this copy's row, so whatever is there is the hub's own remains — unless its
     * manifest names another catalog, whose backup it then is: it stays, and the copy fails saying so.
     */
    private void clearOwnRemains(String storeId, ArtifactStore target, String key) throws IOException {
        Optional<String> other = artifactCopies.anotherCatalog(target, key);
        if (other.isPresent()) {
            throw new IOException("store " + storeId + " already holds " + key + ", a backup of catalog " + other.get()
                    + ": it is left alone, and the copy is not made there");
        }
        intents.abandon(storeId, target, ObjectKeys.manifestKey(key));
        intents.abandon(storeId, target, key);
    }

    private void failed(Artifact artifact, String storeId, String reason) {
        copies.markFailed(artifact.id(), storeId, reason);
        audit.record("hub", "artifact.copied", "artifact/" + artifact.id(), null, "failed",
                "-> " + storeId + ": " + reason);
    }

    private static void pause(ProcessScope scope, Duration wait) throws IOException {
        long until = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < until) {
            scope.checkRunning();
            try {
                Thread.sleep(Math.min(200, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while waiting to copy again");
            }
        }
    }
}
