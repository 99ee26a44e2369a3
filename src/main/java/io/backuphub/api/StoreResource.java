package io.backuphub.api;

import io.backuphub.backup.CatalogRescan;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.io.IOException;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The store as a whole: rebuild the catalog's artifacts from the manifests it holds. */
@Path("/api/v1")
public class StoreResource {

    @Inject CatalogRescan rescan;
    @Inject Caller caller;

    @POST
    @Path("store/rescan")
    @Operation(summary = "Add every backup the store holds and the catalog does not (from its manifest), each"
            + " queued for verification: {found, added}")
    public CatalogRescan.Result rescan() throws IOException {
        CatalogRescan.Result result = rescan.rescan(caller.name());
        caller.audit("store.rescan", "store", "succeeded", result.found() + " manifest(s), " + result.added()
                + " artifact(s) added");
        return result;
    }
}
