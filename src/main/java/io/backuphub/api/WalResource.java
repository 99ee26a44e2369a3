package io.backuphub.api;

import io.backuphub.auth.Permission;
import io.backuphub.common.HubException;
import io.backuphub.pitr.RecoveryWindow;
import io.backuphub.pitr.RecoveryWindows;
import io.backuphub.pitr.WalStreams;
import io.backuphub.target.Target;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** A PITR target's continuous WAL as the hub streams it (docs/pitr.md): the receiver, and the stored segments. */
@Path("/api/v1")
public class WalResource {

    /**
     * {@code state}: streaming, retrying, refused (the server's slots are unbounded), stopped; {@code
     * reason} says why it is not streaming; {@code newest}: the latest stored segments, newest first.
     */
    public record WalView(String slot, String state, String reason, String streamedBy, Instant lastSegmentAt,
            Long retainedBytes, int segments, long bytes, long storedBytes, List<WalStreams.Segment> newest) {
    }

    private static final int NEWEST = 20;

    @Inject WalStreams streams;
    @Inject RecoveryWindows windows;
    @Inject Caller caller;

    @Requires(Permission.BACKUP_VIEW)
    @GET
    @Path("targets/{id}/wal")
    @Operation(summary = "The target's continuous WAL: the receiver's state and the segments stored (PITR targets)")
    public WalView wal(@PathParam("id") String id) {
        Target target = pitrTarget(id);
        WalStreams.Totals totals = streams.totals(target.id());
        WalStreams.Receiver receiver = streams.receiver(target.id()).orElse(null);
        return new WalView(target.pitr().slotFor(target.id()), receiver == null ? "starting" : receiver.state(),
                receiver == null ? null : receiver.reason(), receiver == null ? null : receiver.instanceId(),
                receiver == null ? null : receiver.lastSegmentAt(), receiver == null ? null : receiver.retainedBytes(),
                totals.segments(), totals.bytes(), totals.storedBytes(), streams.newest(target.id(), NEWEST));
    }

    /**
     * Every second between {@code earliest} and {@code latest} outside a gap is restorable: from a
     * verified base through the unbroken WAL after it. Empty (no earliest) until the first base is verified.
     */
    @Requires(Permission.BACKUP_VIEW)
    @GET
    @Path("targets/{id}/recovery-window")
    @Operation(summary = "The times the target can be restored to: earliest, latest, gaps and the bases (PITR targets)")
    public RecoveryWindow recoveryWindow(@PathParam("id") String id) {
        return windows.of(pitrTarget(id));
    }

    private Target pitrTarget(String id) {
        Target target = caller.target(id);
        if (!target.pitrOn()) {
            throw HubException.notFound("target " + target.id() + " does not stream its WAL: give it pitr: {enabled:"
                    + " true} in the targets file (docs/pitr.md)");
        }
        return target;
    }
}
