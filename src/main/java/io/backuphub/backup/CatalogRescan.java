package io.backuphub.backup;

import io.backuphub.artifact.Artifact;
import io.backuphub.artifact.ArtifactCopy;
import io.backuphub.artifact.ArtifactRepository;
import io.backuphub.artifact.CopyRepository;
import io.backuphub.artifact.CopyStatus;
import io.backuphub.artifact.Manifest;
import io.backuphub.artifact.VerificationState;
import io.backuphub.catalog.CatalogException;
import io.backuphub.catalog.CatalogIdentity;
import io.backuphub.common.HubException;
import io.backuphub.common.Ids;
import io.backuphub.common.Json;
import io.backuphub.job.JobKind;
import io.backuphub.job.JobOrder;
import io.backuphub.job.JobQueue;
import io.backuphub.job.JobTrigger;
import io.backuphub.store.ArtifactStore;
import io.backuphub.store.ObjectKeys;
import io.backuphub.store.StoreMarker;
import io.backuphub.store.StoreRegistry;
import io.backuphub.store.StoredObject;
import io.backuphub.target.TargetRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Takes the backups of this catalog that the stores hold and the catalog lacks back into the catalog,
 * from their manifests, so that losing the catalog, or restoring it from an older copy, loses no
 * backup: every manifest of this catalog ({@code catalogId}) whose object is there (with the size it
 * names) becomes an artifact again, pending verification, and a verify job is queued for it (which
 * also takes its fingerprint). Manifests of other catalogs (another hub sharing the store) are
 * counted, never imported; those written before manifests carried a catalog id are taken by the
 * catalog the store's marker names (the first hub to use the store since), for the targets (and
 * environments) it declares. A catalog lost with no copy of it
 * is a new catalog: it takes its old backups back only when told to ({@link #adopt}). Runs right
 * after start and every hub.store.rescan-interval (route rescan-stores), and on request. Only
 * manifests of objects the catalog has no copy of are read.
 */
@ApplicationScoped
@Named("catalogRescan")
public class CatalogRescan {

    private static final Logger LOG = Logger.getLogger(CatalogRescan.class);

    /** Manifests read, artifacts taken into the catalog, and manifests of other catalogs left alone. */
    public record Result(int found, int added, int foreign) {

        Result plus(Result other) {
            return new Result(found + other.found, added + other.added, foreign + other.foreign);
        }
    }

    @Inject StoreRegistry stores;
    @Inject CopyRepository copies;
    @Inject ArtifactRepository artifacts;
    @Inject CatalogIdentity catalog;
    @Inject JobQueue queue;
    @Inject StoreInventory inventory;
    @Inject TargetRegistry targets;

    /** The rescan-stores route's step: every store, a store that fails skipped with the reason. */
    public Result scheduled(String actor) {
        Result total = new Result(0, 0, 0);
        for (Map.Entry<String, ArtifactStore> store : stores.all().entrySet()) {
            try {
                total = total.plus(rescan(actor, store.getKey(), store.getValue()));
            } catch (IOException | RuntimeException e) {
                LOG.errorf("could not read store %s for backups the catalog lacks: %s (the next rescan tries again;"
                        + " POST /api/v1/store/rescan once the store is reachable)", store.getKey(), e.getMessage());
            }
        }
        if (total.added() > 0) {
            LOG.infof("rescan: %d backup(s) of this catalog were in the stores but not in the catalog; taken back, each"
                    + " queued for verification", total.added());
        }
        if (total.foreign() > 0 && artifacts.none()) {
            LOG.warnf("the stores hold %d backup(s) of other catalogs and this catalog has none: if this hub lost its"
                    + " catalog, take them back with POST /api/v1/store/adopt {\"catalogId\": \"<the catalogId in the"
                    + " store's .backup-hub/store.json>\"} (GET /api/v1/store/unknown lists them)", total.foreign());
        }
        return total;
    }

    /**
     * A hub whose catalog was lost with no copy of it takes the old catalog's id, and so its backups:
     * allowed only while the catalog holds no backup (a hub with backups of its own is another hub,
     * and must never take a shared store's backups as its own). Then every store is rescanned.
     */
    public Result adopt(String catalogId, String actor) throws IOException {
        if (catalogId == null || !Ids.isId(catalogId)) {
            throw HubException.invalid("catalogId must be a catalog's id (26 characters, as in a store's"
                    + " .backup-hub/store.json or a manifest's catalogId)");
        }
        if (!artifacts.none()) {
            throw HubException.conflict("this catalog holds backups of its own: only a new, empty catalog (one that"
                    + " replaced a lost one) may take another catalog's id");
        }
        LOG.warnf("catalog %s takes the id %s (by %s): the backups that catalog wrote are this hub's from now on",
                catalog.id(), catalogId, actor);
        catalog.adopt(catalogId);
        return rescan(actor);
    }

    /** Every store, each read for manifests of this catalog whose artifacts the catalog lacks. */
    public Result rescan(String actor) throws IOException {
        Result total = new Result(0, 0, 0);
        for (Map.Entry<String, ArtifactStore> store : stores.all().entrySet()) {
            total = total.plus(rescan(actor, store.getKey(), store.getValue()));
        }
        return total;
    }

    private Result rescan(String actor, String storeId, ArtifactStore store) throws IOException {
        // Manifests of versions before catalog ids belong to the catalog that first marked the store.
        boolean ownsUnmarked = StoreMarker.read(store).map(m -> catalog.id().equals(m.catalogId())).orElse(false);
        List<StoredObject> objects = store.list("");
        Map<String, StoredObject> byKey = objects.stream()
                .collect(Collectors.toMap(StoredObject::key, o -> o, (a, b) -> a));
        Set<String> recorded = copies.liveKeys().getOrDefault(storeId, Set.of());
        int found = 0;
        int added = 0;
        int foreign = 0;
        for (StoredObject object : objects) {
            if (!isManifest(object) || recorded.contains(StoreInventory.owner(object.key()))) {
                continue;
            }
            found++;
            Optional<Found> read = read(storeId, store, object, byKey);
            if (read.isEmpty()) {
                continue;
            }
            Artifact artifact = read.get().artifact();
            String writer = read.get().catalogId();
            if (artifacts.known(artifact.id())) {
                addCopy(artifact);
            } else if (catalog.id().equals(writer) || (writer == null && ownsUnmarked && declared(artifact))) {
                if (insert(artifact, actor)) {
                    added++;
                }
            } else {
                foreign++;
            }
        }
        // What the store holds that the catalog does not know, counted for the dashboard.
        inventory.unknownIn(storeId, objects, copies.liveKeys().getOrDefault(storeId, Set.of()));
        LOG.infof("rescan of store %s by %s: %d manifest(s) of objects the catalog has no copy of, %d taken into the"
                + " catalog, %d of other catalogs left alone", storeId, actor, found, added, foreign);
        return new Result(found, added, foreign);
    }

    /** Into the catalog, verification queued; false when another replica took it in first. */
    private boolean insert(Artifact artifact, String actor) {
        try {
            artifacts.insert(artifact);
        } catch (CatalogException raced) {
            if (artifacts.known(artifact.id())) {
                return false;
            }
            throw raced;
        }
        queue.enqueue(new JobOrder(artifact.targetId(), JobKind.VERIFY, Map.of(), null, JobTrigger.SYSTEM, "rescan",
                actor, artifact.id()));
        return true;
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

    /** A target of this hub's targets file, in the same environment, made the backup. */
    private boolean declared(Artifact artifact) {
        return targets.find(artifact.targetId()).map(t -> t.environment().equals(artifact.environment()))
                .orElse(false);
    }

    private static boolean isManifest(StoredObject object) {
        return object.key().endsWith(ObjectKeys.MANIFEST_SUFFIX);
    }

    /** A manifest read: the artifact it describes, and the catalog that wrote it (null before catalog ids). */
    record Found(Artifact artifact, String catalogId) {
    }

    /** The artifact a manifest describes, if its object is in the store as the manifest says. */
    private Optional<Found> read(String storeId, ArtifactStore store, StoredObject manifestObject,
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
        return Optional.of(new Found(new Artifact(m.artifactId(), m.jobId(), m.targetId(), m.environment(), m.engine(),
                storeId, object.key(), object.size(), m.dumpBytes(), m.object().sha256(),
                m.compression() == null ? "none" : m.compression().codec(), m.encryption() != null,
                VerificationState.PENDING, "rebuilt from its manifest by a store rescan; verification queued", null,
                null, null, json, m.finishedAt() != null ? m.finishedAt() : manifestObject.modifiedAt(), null, null,
                null, Artifact.kindOf(m.source() == null ? Map.of() : m.source())), m.catalogId()));
    }
}
