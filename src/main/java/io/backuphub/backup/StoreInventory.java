package io.backuphub.backup;

import io.backuphub.artifact.CopyRepository;
import io.backuphub.artifact.Manifest;
import io.backuphub.artifact.WriteIntents;
import io.backuphub.common.HubException;
import io.backuphub.common.Json;
import io.backuphub.common.SafeValues;
import io.backuphub.store.ArtifactStore;
import io.backuphub.store.ObjectKeys;
import io.backuphub.store.StoreRegistry;
import io.backuphub.store.StoredObject;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * What a store holds that the catalog does not know: another team's files, another hub's backups,
 * what an earlier version of the hub left behind. Reported, never removed by the hub on its own; an
 * admin may delete one object at a time ({@link #deleteUnknown}), audited by the API. An object the
 * catalog records (a copy of a backup, or its manifest) or one the hub is writing is not unknown.
 */
@ApplicationScoped
public class StoreInventory {

    /** An object the catalog does not know; {@code catalogId}: the catalog its manifest names, where it has one. */
    public record Unknown(String key, long bytes, Instant modifiedAt, boolean hasManifest, String catalogId) {
    }

    /** One store's unknown objects: how many, the first {@code items} of them by key, or why it could not be read. */
    public record StoreUnknowns(String store, int count, List<Unknown> items, boolean truncated, String error) {
    }

    /** The number of unknown objects per store, as last counted, and when. */
    public record Count(int unknown, Instant countedAt) {
    }

    private final StoreRegistry stores;
    private final CopyRepository copies;
    private final WriteIntents intents;
    private final Map<String, Count> counts = new ConcurrentHashMap<>();

    public StoreInventory(StoreRegistry stores, CopyRepository copies, WriteIntents intents) {
        this.stores = stores;
        this.copies = copies;
        this.intents = intents;
    }

    /** Each store's unknown objects (or only {@code storeId}'s), at most {@code limit} listed per store. */
    public List<StoreUnknowns> unknown(String storeId, int limit) throws IOException {
        Map<String, ArtifactStore> chosen = storeId == null ? stores.all() : Map.of(storeId, stores.get(storeId));
        Map<String, Set<String>> recorded = copies.liveKeys();
        List<StoreUnknowns> all = new ArrayList<>();
        for (Map.Entry<String, ArtifactStore> store : chosen.entrySet()) {
            String id = store.getKey();
            try {
                List<StoredObject> objects = store.getValue().list("");
                List<StoredObject> unknown = unknownIn(id, objects, recorded.getOrDefault(id, Set.of()));
                Set<String> keys = objects.stream().map(StoredObject::key).collect(Collectors.toSet());
                List<Unknown> items = new ArrayList<>();
                for (StoredObject object : unknown.subList(0, Math.min(limit, unknown.size()))) {
                    items.add(describe(store.getValue(), object, keys));
                }
                all.add(new StoreUnknowns(id, unknown.size(), items, unknown.size() > items.size(), null));
            } catch (IOException | RuntimeException e) {
                all.add(new StoreUnknowns(id, 0, List.of(), false, e.getMessage()));
            }
        }
        return all;
    }

    /**
     * The objects of a store's listing that the catalog neither records ({@code recorded}: its copies'
     * keys, whose manifests count too) nor is writing, by key; the count is kept for {@link #counts()}.
     */
    List<StoredObject> unknownIn(String storeId, Collection<StoredObject> objects, Set<String> recorded) {
        Set<String> writing = intents.keys(storeId);
        List<StoredObject> unknown = objects.stream()
                .filter(o -> !recorded.contains(owner(o.key())) && !writing.contains(o.key()))
                .sorted(java.util.Comparator.comparing(StoredObject::key)).toList();
        counts.put(storeId, new Count(unknown.size(), Instant.now()));
        return unknown;
    }

    /** Unknown objects per store as last counted (by the rescan, or a listing of them). */
    public Map<String, Count> counts() {
        return Map.copyOf(counts);
    }

    /**
     * Deletes one unknown object, as an admin asked: refused for an object the catalog records (delete
     * its backup instead) or one the hub is writing.
     */
    public void deleteUnknown(String storeId, String key) throws IOException {
        ArtifactStore store = stores.get(storeId);
        try {
            ObjectKeys.requireSafe(key);
        } catch (IllegalArgumentException e) {
            throw HubException.invalid("key " + SafeValues.show(key) + " is not an object key");
        }
        if (copies.liveKeys().getOrDefault(storeId, Set.of()).contains(owner(key))) {
            throw HubException.conflict(key + " belongs to a backup in the catalog: delete the backup"
                    + " (DELETE /api/v1/artifacts/{id}) instead");
        }
        if (intents.keys(storeId).contains(key)) {
            throw HubException.conflict(key + " is being written by the hub");
        }
        if (store.stat(key).isEmpty()) {
            throw HubException.notFound("store " + storeId + " holds no object " + key);
        }
        store.delete(key);
        counts.computeIfPresent(storeId, (id, c) -> new Count(Math.max(0, c.unknown() - 1), c.countedAt()));
    }

    private static Unknown describe(ArtifactStore store, StoredObject object, Set<String> keys) {
        String manifestKey = object.key().endsWith(ObjectKeys.MANIFEST_SUFFIX) ? object.key()
                : ObjectKeys.manifestKey(object.key());
        boolean hasManifest = keys.contains(manifestKey);
        return new Unknown(object.key(), object.size(), object.modifiedAt(), hasManifest,
                hasManifest ? catalogOf(store, manifestKey) : null);
    }

    /** The catalog id a manifest names; null when it names none (older versions) or cannot be read. */
    private static String catalogOf(ArtifactStore store, String manifestKey) {
        try (InputStream in = store.open(manifestKey)) {
            return Json.MAPPER.readValue(in.readNBytes(1024 * 1024), Manifest.class).catalogId();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The object a key belongs to: itself, or the object a manifest describes. */
    static String owner(String key) {
        return key.endsWith(ObjectKeys.MANIFEST_SUFFIX)
                ? key.substring(0, key.length() - ObjectKeys.MANIFEST_SUFFIX.length()) : key;
    }
}
