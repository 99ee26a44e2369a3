package io.backuphub.api;

import io.backuphub.audit.AuditEntry;
import io.backuphub.audit.AuditRepository;
import io.backuphub.auth.Permission;
import io.backuphub.common.HubException;
import io.backuphub.common.Json;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** The append-only audit log, newest first, filtered, and exported as CSV or JSON for auditors. */
@Path("/api/v1")
public class AuditResource {

    private static final Pattern ID = Pattern.compile("[0-9]{1,19}");
    /** An export is one file for a person to open; the API pages past this. */
    static final int EXPORT_MAX = 100_000;
    private static final int EXPORT_BATCH = 500;

    @Inject AuditRepository audit;

    @Requires(Permission.AUDIT_VIEW)
    @GET
    @Path("audit")
    @Operation(summary = "Audit events, newest first: who did what, when, from where; action and resource match a"
            + " prefix")
    public Page<AuditEntry> list(@QueryParam("actor") String actor,
            @Parameter(description = "the same as actor: admin, key:<name>, user:<email>, webhook:<name>,"
                    + " pubsub:<subscription>") @QueryParam("principal") String principal,
            @QueryParam("action") String action,
            @QueryParam("resource") String resource, @QueryParam("outcome") String outcome,
            @Parameter(description = "ISO-8601 instant") @QueryParam("from") Instant from,
            @Parameter(description = "ISO-8601 instant") @QueryParam("to") Instant to,
            @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        int size = Page.limit(limit);
        String before = Cursor.decode(cursor, ID);
        return Page.of(audit.search(filter(actor(actor, principal), action, resource, outcome, from, to), size,
                before == null ? null : Long.valueOf(before)), size, event -> event,
                event -> Long.toString(event.id()));
    }

    @Requires(Permission.AUDIT_VIEW)
    @GET
    @Path("audit/export")
    @Operation(summary = "The matching audit events as a file, newest first (csv or json, up to 100,000 events)")
    public Response export(@QueryParam("actor") String actor, @QueryParam("principal") String principal,
            @QueryParam("action") String action,
            @QueryParam("resource") String resource, @QueryParam("outcome") String outcome,
            @Parameter(description = "ISO-8601 instant") @QueryParam("from") Instant from,
            @Parameter(description = "ISO-8601 instant") @QueryParam("to") Instant to,
            @Parameter(schema = @Schema(enumeration = {"csv", "json"})) @QueryParam("format") String format) {
        boolean csv = format == null || format.isEmpty() || format.equals("csv");
        if (!csv && !format.equals("json")) {
            throw HubException.invalid("format must be csv or json");
        }
        AuditRepository.Filter filter = filter(actor(actor, principal), action, resource, outcome, from, to);
        StreamingOutput body = out -> {
            Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            writer.write(csv ? "id,occurredAt,actor,action,resource,source,outcome,detail\r\n" : "[");
            Long before = null;
            int written = 0;
            while (written < EXPORT_MAX) {
                List<AuditEntry> rows = audit.search(filter, EXPORT_BATCH, before);
                List<AuditEntry> page = rows.subList(0, Math.min(rows.size(), EXPORT_BATCH));
                for (AuditEntry e : page) {
                    if (written == EXPORT_MAX) {
                        break;
                    }
                    writer.write(csv ? csvLine(e) : (written == 0 ? "\n" : ",\n") + Json.MAPPER.writeValueAsString(e));
                    written++;
                }
                if (rows.size() <= EXPORT_BATCH) {
                    break;
                }
                before = page.get(page.size() - 1).id();
            }
            writer.write(csv ? "" : "\n]\n");
            writer.flush();
        };
        String name = "audit-" + Instant.now().toString().replace(":", "").replaceAll("\\.\\d+", "") + (csv ? ".csv"
                : ".json");
        return Response.ok(body, csv ? "text/csv;charset=UTF-8" : "application/json")
                .header("Content-Disposition", "attachment; filename=\"" + name + "\"").build();
    }

    private static String csvLine(AuditEntry e) {
        return String.join(",", Long.toString(e.id()), e.occurredAt().toString(), cell(e.actor()), cell(e.action()),
                cell(e.resource()), cell(e.source()), cell(e.outcome()), cell(e.detail())) + "\r\n";
    }

    /** ?principal= is ?actor= under the name docs/security.md uses; both, unequal, is a 400. */
    private static String actor(String actor, String principal) {
        if (actor != null && principal != null && !actor.equals(principal)) {
            throw HubException.invalid("give actor or principal (the same filter), not two different ones");
        }
        return principal != null ? principal : actor;
    }

    private static AuditRepository.Filter filter(String actor, String action, String resource, String outcome,
            Instant from, Instant to) {
        return new AuditRepository.Filter(blankToNull(actor), blankToNull(action), blankToNull(resource),
                blankToNull(outcome), from, to);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /**
     * One CSV field (RFC 4180), and never a formula: a value a spreadsheet would evaluate (=, +, -, @) is
     * prefixed with an apostrophe, since audit details quote what callers sent.
     */
    static String cell(String value) {
        if (value == null) {
            return "";
        }
        String safe = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        return safe.matches("(?s).*[\",\r\n].*") ? '"' + safe.replace("\"", "\"\"") + '"' : safe;
    }
}
