package io.backuphub.api;

import io.backuphub.artifact.CopyRepository;
import io.backuphub.auth.Permission;
import io.backuphub.backup.CatalogRescan;
import io.backuphub.backup.StoreInventory;
import io.backuphub.backup.StoreWatch;
import io.backuphub.common.HubException;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The stores as a whole: their state, what they hold that the catalog does not know (reported, deleted
 * only when an admin asks, one object at a time), and a rescan for backups of this catalog that the
 * catalog lacks.
 */
@Path("/api/v1")
public class StoreResource {

    /** What a store is and how it is: its state as last checked, and what the catalog keeps in it. */
    public record StoreView(String id, String type, String state, String reason, Instant since, Instant checkedAt,
            String sharedWithCatalog, long bytes, long objects, Integer unknownObjects) {
    }

    @Inject CatalogRescan rescan;
    @Inject StoreWatch watch;
    @Inject StoreInventory inventory;
    @Inject CopyRepository copies;
    @Inject Caller caller;

    @Requires(Permission.BACKUP_VIEW)
    @GET
    @Path("stores")
    @Operation(summary = "Every store: its state as last checked (up, down with the reason), the catalog it is"
            + " shared with if another used it first, the bytes and objects of the backups the catalog keeps there,"
            + " and how many objects it holds that the catalog does not know (as last counted)")
    public List<StoreView> stores() {
        Map<String, CopyRepository.Totals> totals = copies.totals();
        Map<String, StoreInventory.Count> unknown = inventory.counts();
        return watch.states().stream().map(s -> {
            CopyRepository.Totals t = totals.getOrDefault(s.storeId(), CopyRepository.Totals.NONE);
            StoreInventory.Count u = unknown.get(s.storeId());
            return new StoreView(s.storeId(), s.type(), s.state(), s.reason(), s.since(), s.checkedAt(),
                    s.sharedWithCatalog(), t.bytes(), t.objects(), u == null ? null : u.unknown());
        }).toList();
    }

    @Requires(Permission.SETTINGS_MODIFY)
    @GET
    @Path("store/unknown")
    @Operation(summary = "Objects in the stores that the catalog does not know (another team's files, another hub's"
            + " backups): per store, how many, and the first `limit` by key with their size, time, whether a manifest"
            + " is beside them and the catalog id it names. The hub never deletes them on its own")
    public List<StoreInventory.StoreUnknowns> unknown(@QueryParam("store") String store,
            @QueryParam("limit") Integer limit) throws IOException {
        return inventory.unknown(store == null ? null : knownStore(store), Page.limit(limit));
    }

    @Requires(Permission.SETTINGS_MODIFY)
    @DELETE
    @Path("store/unknown")
    @Operation(summary = "Delete one object the catalog does not know (audited); objects of the catalog's backups"
            + " and objects being written are refused (409)")
    public RestResponse<Void> deleteUnknown(@QueryParam("store") String store, @QueryParam("key") String key)
            throws IOException {
        if (store == null || key == null) {
            throw HubException.invalid("store and key are required");
        }
        String storeId = knownStore(store);
        try {
            inventory.deleteUnknown(storeId, key);
        } catch (HubException e) {
            caller.audit("store.unknown-deleted", storeId + ":" + key, "refused", e.getMessage());
            throw e;
        }
        caller.audit("store.unknown-deleted", storeId + ":" + key, "succeeded", "an object the catalog did not know");
        return RestResponse.noContent();
    }

    @Requires(Permission.SETTINGS_MODIFY)
    @POST
    @Path("store/rescan")
    @Operation(summary = "Take back every backup of this catalog that a store holds and the catalog does not (from"
            + " its manifest), each queued for verification: {found, added, foreign}; manifests of other catalogs are"
            + " counted, never taken")
    public CatalogRescan.Result rescan() throws IOException {
        CatalogRescan.Result result = rescan.rescan(caller.name());
        caller.audit("store.rescan", "store", "succeeded", result.found() + " manifest(s), " + result.added()
                + " artifact(s) added, " + result.foreign() + " of other catalogs");
        return result;
    }

    /** The id of a lost catalog, to take its backups back: {"catalogId": "..."}. */
    public record AdoptRequest(String catalogId) {
    }

    @Requires(Permission.SETTINGS_MODIFY)
    @POST
    @Path("store/adopt")
    @Operation(summary = "For a hub whose catalog was lost with no copy of it: take the old catalog's id (from a"
            + " store's .backup-hub/store.json), so that its backups are taken back from their manifests; only while"
            + " this catalog holds no backup (409 otherwise). Answers the rescan's {found, added, foreign}")
    public CatalogRescan.Result adopt(AdoptRequest body) throws IOException {
        String catalogId = body == null ? null : body.catalogId();
        try {
            CatalogRescan.Result result = rescan.adopt(catalogId, caller.name());
            caller.audit("catalog.adopt", "catalog/" + catalogId, "succeeded", result.added()
                    + " backup(s) taken back");
            return result;
        } catch (HubException e) {
            caller.audit("catalog.adopt", "catalog/" + io.backuphub.common.SafeValues.show(catalogId), "refused",
                    e.getMessage());
            throw e;
        }
    }

    private String knownStore(String store) {
        if (watch.states().stream().noneMatch(s -> s.storeId().equals(store))) {
            throw HubException.notFound("no store " + io.backuphub.common.SafeValues.show(store));
        }
        return store;
    }
}
