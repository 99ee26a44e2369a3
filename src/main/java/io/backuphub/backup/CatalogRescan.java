package io.backuphub.backup;

import io.backuphub.artifact.Artifact;
import io.backuphub.artifact.ArtifactCopy;
import io.backuphub.artifact.ArtifactRepository;
import io.backuphub.artifact.CopyRepository;
import io.backuphub.artifact.CopyStatus;
import io.backuphub.artifact.Manifest;
import io.backuphub.artifact.VerificationState;
import io.backuphub.common.Ids;
import io.backuphub.common.Json;
import io.backuphub.job.JobKind;
import io.backuphub.job.JobOrder;
import io.backuphub.job.JobQueue;
import io.backuphub.job.JobTrigger;
import io.backuphub.store.ArtifactStore;
import io.backuphub.store.ObjectKeys;
import io.backuphub.store.StoreRegistry;
import io.backuphub.store.StoredObject;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Rebuilds the catalog's artifacts from the manifests in the store, so that losing the hub's catalog
 * loses no backup: every manifest whose object is there (with the size it names) becomes an artifact
 * again, pending verification, and a verify job is queued for it (which also takes its fingerprint).
 * Runs on request, and at start when the catalog has no artifact but the store holds manifests.
 */
@ApplicationScoped
public class CatalogRescan {

    private static final Logger LOG = Logger.getLogger(CatalogRescan.class);

    /** Manifests found in the store, and how many became artifacts again. */
    public record Result(int found, int added) {
    }

    @Inject StoreRegistry stores;
    @Inject CopyRepository copies;
    @Inject ArtifactRepository artifacts;
    @Inject JobQueue queue;

    void onStart(@Observes StartupEvent event) {
        try {
            if (artifacts.none() && anyManifest()) {
                Result result = rescan("startup");
                LOG.infof("the catalog had no artifacts but the store has backups: rebuilt %d of %d from their"
                        + " manifests; each is queued for verification", result.added(), result.found());
            }
        } catch (IOException | RuntimeException e) {
            LOG.errorf("could not look for backups to rebuild the catalog from: %s (POST /api/v1/store/rescan once"
                    + " the store is reachable)", e.getMessage());
        }
    }

    private boolean anyManifest() throws IOException {
        for (ArtifactStore store : stores.all().values()) {
            if (store.list("").stream().anyMatch(CatalogRescan::isManifest)) {
                return true;
            }
        }
        return false;
    }

    /** Every store, each read for manifests whose artifacts the catalog lacks. */
    public Result rescan(String actor) throws IOException {
        int found = 0;
        int added = 0;
        for (Map.Entry<String, ArtifactStore> store : stores.all().entrySet()) {
            Result result = rescan(actor, store.getKey(), store.getValue());
            found += result.found();
            added += result.added();
        }
        return new Result(found, added);
    }

    private Result rescan(String actor, String storeId, ArtifactStore store) throws IOException {
        List<StoredObject> objects = store.list("");
        Map<String, StoredObject> byKey = objects.stream()
                .collect(Collectors.toMap(StoredObject::key, o -> o, (a, b) -> a));
        int found = 0;
        int added = 0;
        for (StoredObject object : objects) {
            if (!isManifest(object)) {
                continue;
            }
            found++;
            Optional<Artifact> artifact = read(storeId, store, object, byKey);
            if (artifact.isPresent() && !artifacts.known(artifact.get().id())) {
                artifacts.insert(artifact.get());
                queue.enqueue(new JobOrder(artifact.get().targetId(), JobKind.VERIFY, Map.of(), null, JobTrigger.SYSTEM,
                        "rescan", actor, artifact.get().id()));
                added++;
            } else if (artifact.isPresent()) {
                addCopy(artifact.get());
            }
        }
        LOG.infof("rescan of store %s by %s: %d manifest(s), %d artifact(s) added to the catalog", storeId, actor,
                found, added);
        return new Result(found, added);
    }

    /**
     * Another store holds a copy of an artifact the catalog knows (a second store rescanned after the
     * first rebuilt it): the copy is recorded if the catalog has none there.
     */
    private void addCopy(Artifact found) {
        if (artifacts.find(found.id()).isPresent() && copies.find(found.id(), found.store()).isEmpty()) {
            copies.save(new ArtifactCopy(found.id(), found.store(), found.objectKey(), found.bytes(), found.sha256(),
                    null, CopyStatus.STORED, null, Instant.now()));
            LOG.infof("rescan: store %s holds a copy of artifact %s; recorded", found.store(), found.id());
        }
    }

    private static boolean isManifest(StoredObject object) {
        return object.key().endsWith(ObjectKeys.MANIFEST_SUFFIX);
    }

    /** The artifact a manifest describes, if its object is in the store as the manifest says. */
    private Optional<Artifact> read(String storeId, ArtifactStore store, StoredObject manifestObject,
            Map<String, StoredObject> byKey) {
        String json;
        Manifest m;
        try (InputStream in = store.open(manifestObject.key())) {
            json = new String(in.readNBytes(1024 * 1024), StandardCharsets.UTF_8);
            m = Json.MAPPER.readValue(json, Manifest.class);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("skipping %s: not a readable manifest (%s)", manifestObject.key(), e.getMessage());
            return Optional.empty();
        }
        StoredObject object = m.object() == null ? null : byKey.get(m.object().key());
        if (m.artifactId() == null || !Ids.isId(m.artifactId()) || object == null
                || object.size() != m.object().bytes()) {
            LOG.warnf("skipping %s: its object is missing or not the size the manifest says", manifestObject.key());
            return Optional.empty();
        }
        return Optional.of(new Artifact(m.artifactId(), m.jobId(), m.targetId(), m.environment(), m.engine(),
                storeId, object.key(), object.size(), m.dumpBytes(), m.object().sha256(),
                m.compression() == null ? "none" : m.compression().codec(), m.encryption() != null,
                VerificationState.PENDING, "rebuilt from its manifest by a store rescan; verification queued", null,
                null, null, json, m.finishedAt() != null ? m.finishedAt() : manifestObject.modifiedAt(), null, null,
                null));
    }
}
