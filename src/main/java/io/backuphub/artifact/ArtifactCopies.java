package io.backuphub.artifact;

import io.backuphub.catalog.CatalogIdentity;
import io.backuphub.common.HubException;
import io.backuphub.common.Json;
import io.backuphub.store.ArtifactStore;
import io.backuphub.store.MissingObjectException;
import io.backuphub.store.ObjectKeys;
import io.backuphub.store.StoreRegistry;
import io.backuphub.store.StoredObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The copies of an artifact as the stores hold them: which one to read, whether each is still there
 * as written, and deleting them all. A copy a store no longer shows as written is marked failed with
 * the reason, so the API and a replication job see it.
 */
@ApplicationScoped
public class ArtifactCopies {

    private static final Logger LOG = Logger.getLogger(ArtifactCopies.class);

    @Inject CopyRepository copies;
    @Inject StoreRegistry stores;
    @Inject CatalogIdentity catalog;

    /** A stored copy the store shows as written, ready to read. */
    public record Located(ArtifactCopy copy, ArtifactStore store, StoredObject object) {
    }

    /** The artifact's copies, the primary one (where it was first written) first. */
    public List<ArtifactCopy> of(Artifact artifact) {
        return copies.of(artifact.id(), artifact.store());
    }

    /** The copies of several artifacts (a page of a list), by artifact id, each list the primary first. */
    public Map<String, List<ArtifactCopy>> of(List<Artifact> artifacts) {
        Map<String, List<ArtifactCopy>> all = copies.of(artifacts.stream().map(Artifact::id).toList());
        for (Artifact artifact : artifacts) {
            all.computeIfPresent(artifact.id(), (id, list) -> list.stream()
                    .sorted(java.util.Comparator.comparing((ArtifactCopy c) -> !c.store().equals(artifact.store())))
                    .toList());
        }
        return all;
    }

    /**
     * The first stored copy (the primary first) that its store shows as written; only the copy in
     * {@code onlyStore} when given. Empty when none is. Reads only: a copy found wanting is marked failed
     * by verification ({@link #check}), never by a reader.
     */
    public Optional<Located> readable(Artifact artifact, String onlyStore) {
        for (ArtifactCopy copy : of(artifact)) {
            if (!copy.stored() || (onlyStore != null && !onlyStore.equals(copy.store()))) {
                continue;
            }
            try {
                ArtifactStore store = stores.get(copy.store());
                Optional<StoredObject> object = store.stat(copy.key());
                if (problem(copy, object) == null) {
                    return Optional.of(new Located(copy, store, object.get()));
                }
            } catch (IOException e) {
                LOG.warnf("copy of %s in store %s cannot be read now: %s", artifact.id(), copy.store(),
                        e.getMessage());
            }
        }
        return Optional.empty();
    }

    /**
     * Looks at every stored copy as its store reports it (present, its size, the store's own checksum
     * where it keeps one): store id -> "ok" or what is wrong. Reads only.
     */
    public Map<String, String> inspect(Artifact artifact) {
        Map<String, String> found = new LinkedHashMap<>();
        for (ArtifactCopy copy : of(artifact)) {
            if (!copy.stored()) {
                continue;
            }
            try {
                String problem = problem(copy, stores.get(copy.store()).stat(copy.key()));
                found.put(copy.store(), problem == null ? "ok" : problem);
            } catch (IOException e) {
                found.put(copy.store(), "cannot ask the store: " + e.getMessage());
            }
        }
        return found;
    }

    /**
     * Verification's look at every stored copy ({@link #inspect}): copies found missing or changed are
     * marked failed; a store that cannot be asked now is reported and left as it is.
     */
    public Map<String, String> check(Artifact artifact) {
        Map<String, String> found = inspect(artifact);
        found.forEach((store, problem) -> {
            if (!problem.equals("ok") && !problem.startsWith("cannot ask the store")) {
                copies.markFailed(artifact.id(), store, problem);
            }
        });
        return found;
    }

    private static String problem(ArtifactCopy copy, Optional<StoredObject> object) {
        if (object.isEmpty()) {
            return "object missing from store";
        }
        if (copy.bytes() != null && object.get().size() != copy.bytes()) {
            return "store holds " + object.get().size() + " bytes, " + copy.bytes() + " were written";
        }
        String checksum = object.get().checksum();
        if (copy.storeChecksum() != null && checksum != null && !copy.storeChecksum().equals(checksum)) {
            return "the store's checksum is " + checksum + ", it was " + copy.storeChecksum() + " when written";
        }
        return null;
    }

    /** Object keys of every copy not deleted, per store: what each store may hold besides leftovers. */
    public Map<String, java.util.Set<String>> liveKeys() {
        return copies.liveKeys();
    }

    /**
     * Puts a hold on (or releases) every stored copy and its manifest, where the store has holds (GCS):
     * a pinned backup cannot be deleted behind the hub's back. Throws at the first store that refuses.
     */
    public void hold(Artifact artifact, boolean held) throws IOException {
        for (ArtifactCopy copy : of(artifact)) {
            if (copy.stored()) {
                ArtifactStore store = stores.get(copy.store());
                try {
                    store.hold(copy.key(), held);
                    store.hold(ObjectKeys.manifestKey(copy.key()), held);
                } catch (IOException e) {
                    throw new IOException("store " + copy.store() + ": " + e.getMessage(), e);
                }
            }
        }
    }

    /** Deletes the object and manifest of the artifact's copy in {@code store}, and marks it deleted. */
    public void delete(Artifact artifact, String store) throws IOException {
        delete(copies.find(artifact.id(), store)
                .orElseThrow(() -> new IOException("artifact " + artifact.id() + " has no copy in store " + store)));
    }

    private void delete(ArtifactCopy copy) throws IOException {
        ArtifactStore store = stores.get(copy.store());
        refuseAnotherCatalogs(store, copy);
        store.deleteWithManifest(copy.key());
        copies.markDeleted(copy.artifactId(), copy.store());
    }

    /**
     * The last guard before a delete: an object whose manifest names another catalog is that hub's,
     * whatever this catalog's row says (a backup of an older version taken into a lost catalog, two
     * hubs on one bucket), and is not deleted.
     */
    private void refuseAnotherCatalogs(ArtifactStore store, ArtifactCopy copy) throws IOException {
        Optional<String> writer = anotherCatalog(store, copy.key());
        if (writer.isPresent()) {
            throw HubException.conflict(copy.key() + " in store " + copy.store() + " was written by catalog "
                    + writer.get() + ", not this one (" + catalog.id() + "): the hub does not delete another"
                    + " catalog's backups");
        }
    }

    /** The catalog that wrote the backup at {@code key}, when its manifest names one other than this. */
    public Optional<String> anotherCatalog(ArtifactStore store, String key) throws IOException {
        String writer;
        try (InputStream in = store.open(ObjectKeys.manifestKey(key))) {
            writer = Json.MAPPER.readTree(in.readNBytes(1024 * 1024)).path("catalogId").asText(null);
        } catch (MissingObjectException | com.fasterxml.jackson.core.JsonProcessingException e) {
            return Optional.empty(); // no manifest, or none to read: nothing says it is another's
        }
        return writer != null && !writer.equals(catalog.id()) ? Optional.of(writer) : Optional.empty();
    }

    /**
     * Deletes the object and manifest of every copy not deleted yet, marking each deleted as it goes;
     * throws after trying them all if any store refused (those copies stay as they were).
     */
    public void deleteAll(Artifact artifact) throws IOException {
        IOException first = null;
        for (ArtifactCopy copy : of(artifact)) {
            if (copy.status() == CopyStatus.DELETED) {
                continue;
            }
            try {
                delete(copy);
            } catch (IOException e) {
                IOException failure = new IOException("store " + copy.store() + ": " + e.getMessage(), e);
                if (first == null) {
                    first = failure;
                } else {
                    first.addSuppressed(failure);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
