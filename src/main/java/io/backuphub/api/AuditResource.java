package io.backuphub.api;

import io.backuphub.audit.AuditEntry;
import io.backuphub.audit.AuditRepository;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The append-only audit log, newest first. */
@Path("/api/v1")
public class AuditResource {

    private static final Pattern ID = Pattern.compile("[0-9]{1,19}");

    @Inject AuditRepository audit;

    @GET
    @Path("audit")
    @Operation(summary = "Audit events, newest first: who did what, when, from where")
    public Page<AuditEntry> list(@QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        int size = Page.limit(limit);
        String before = Cursor.decode(cursor, ID);
        return Page.of(audit.recent(size, before == null ? null : Long.valueOf(before)), size, event -> event,
                event -> Long.toString(event.id()));
    }
}
