package io.backuphub.api;

import io.backuphub.auth.Permission;
import io.backuphub.mirror.HistoryMirror;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestResponse;

/** The Firestore history mirror: its state, and rewriting it from the catalog. */
@Path("/api/v1")
public class MirrorResource {

    /** What a resync queued. */
    public record Resync(int queued) {
    }

    @Inject HistoryMirror mirror;
    @Inject Caller caller;

    @Requires(Permission.BACKUP_VIEW)
    @GET
    @Path("mirror")
    @Operation(summary = "The Firestore mirror: on or off, project, collections, and its queue (pending, failing,"
            + " oldest, last error)")
    public HistoryMirror.Status status() {
        return mirror.status();
    }

    @Requires(Permission.SETTINGS_MODIFY)
    @POST
    @Path("mirror/resync")
    @Operation(summary = "Queue every finished backup, restore and drill and every backup the catalog has for the"
            + " mirror again: the documents are rewritten from the catalog (409 when the mirror is off)")
    public RestResponse<Resync> resync() {
        int queued = mirror.resync();
        caller.audit("mirror.resync", "mirror/firestore", "accepted", queued + " record(s) queued");
        return Answers.accepted(new Resync(queued), "/api/v1/mirror");
    }
}
