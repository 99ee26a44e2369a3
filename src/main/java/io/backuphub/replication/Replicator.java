package io.backuphub.replication;

import io.backuphub.artifact.Artifact;
import io.backuphub.artifact.ArtifactCopies;
import io.backuphub.artifact.ArtifactCopy;
import io.backuphub.artifact.ArtifactRepository;
import io.backuphub.artifact.CopyRepository;
import io.backuphub.artifact.CopyStatus;
import io.backuphub.artifact.WriteIntents;
import io.backuphub.audit.AuditRepository;
import io.backuphub.backup.ChecksumInputStream;
import io.backuphub.common.HubConfig;
import io.backuphub.job.Job;
import io.backuphub.job.JobLifecycle;
import io.backuphub.job.RunningJobs;
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
import org.apache.camel.Exchange;
import org.apache.camel.Variable;
import org.jboss.logging.Logger;

/**
 * The replicate-artifact route's step: streams an artifact from a store holding a good copy into
 * another store, store to store through a fixed buffer, its size and SHA-256 checked on the way, then
 * its manifest beside it. Like a backup, the copy appears under its key only when complete, and a
 * copy that fails leaves nothing behind; it is tried hub.replication.attempts times before the copy is
 * marked failed with the reason.
 */
@ApplicationScoped
@Named("replicator")
public class Replicator {

    private static final Logger LOG = Logger.getLogger(Replicator.class);
    private static final int BUFFER = 1024 * 1024;

    @Inject ArtifactRepository artifacts;
    @Inject ArtifactCopies artifactCopies;
    @Inject CopyRepository copies;
    @Inject StoreRegistry stores;
    @Inject WriteIntents intents;
    @Inject RunningJobs running;
    @Inject JobLifecycle lifecycle;
    @Inject AuditRepository audit;
    @Inject HubConfig config;

    /** copy-to-store: the job's artifact into the store its options name ({@code store}). */
    public void copy(@Variable(JobLifecycle.JOB) Job job, Exchange exchange) throws IOException {
        String storeId = String.valueOf(job.options().get("store"));
        Artifact artifact = artifacts.find(job.artifactId())
                .orElseThrow(() -> new IOException("artifact " + job.artifactId() + " no longer exists"));
        exchange.setVariable(JobLifecycle.ARTIFACT, artifact);
        lifecycle.onFailure(job.id(), reason -> failed(artifact, storeId, reason));
        ProcessScope scope = running.scope(job.id());
        Duration wait = config.replication().backoff();
        for (int attempt = 1;; attempt++) {
            try {
                copyOnce(artifact, storeId, job.id(), scope, lifecycle.progress(job.id()));
                return;
            } catch (ProcessScope.ScopeStoppedException e) {
                throw e;
            } catch (IOException e) {
                if (attempt >= config.replication().attempts()) {
                    throw new IOException("copy to store " + storeId + " failed " + attempt + " time(s), last: "
                            + e.getMessage(), e);
                }
                LOG.warnf("copy of %s to store %s failed (try %d of %d), again in %s: %s", artifact.id(), storeId,
                        attempt, config.replication().attempts(), wait, e.getMessage());
                pause(scope, wait);
                wait = wait.multipliedBy(2);
            }
        }
    }

    private void copyOnce(Artifact artifact, String storeId, String jobId, ProcessScope scope, AtomicLong progress)
            throws IOException {
        ArtifactStore target = stores.get(storeId);
        ArtifactCopies.Located source = artifactCopies.readable(artifact, null)
                .filter(c -> !c.copy().store().equals(storeId))
                .orElseThrow(() -> new IOException("no store holds a good copy of artifact " + artifact.id()
                        + " to copy from"));
        String key = source.copy().key();
        clearOwnRemains(storeId, target, key);
        progress.set(0);
        StoredObject stored;
        try (ObjectWriter writer = intents.create(storeId, target, key, jobId)) {
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
        try {
            if (stored.size() != artifact.bytes()) {
                throw new IOException("store " + storeId + " holds " + stored.size() + " bytes for " + key + ", "
                        + artifact.bytes() + " were copied");
            }
            copyManifest(source, storeId, target, key, jobId);
        } catch (IOException | RuntimeException e) {
            intents.abandon(storeId, target, ObjectKeys.manifestKey(key));
            intents.abandon(storeId, target, key);
            throw e;
        }
        copies.save(new ArtifactCopy(artifact.id(), storeId, key, stored.size(), artifact.sha256(), stored.checksum(),
                CopyStatus.STORED, null, Instant.now()));
        audit.record("hub", "artifact.copied", "artifact/" + artifact.id(), null, "succeeded",
                source.copy().store() + " -> " + storeId + ": " + stored.size() + " bytes");
        LOG.infof("copied artifact %s from store %s to store %s: %d bytes", artifact.id(), source.copy().store(),
                storeId, stored.size());
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

    private void copyManifest(ArtifactCopies.Located source, String storeId, ArtifactStore target, String key,
            String jobId) throws IOException {
        String manifestKey = ObjectKeys.manifestKey(key);
        try (InputStream in = source.store().open(manifestKey);
                ObjectWriter writer = intents.create(storeId, target, manifestKey, jobId)) {
            try (OutputStream out = writer.stream()) {
                in.transferTo(out);
            }
            writer.commit();
        }
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
