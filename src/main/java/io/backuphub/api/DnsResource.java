package io.backuphub.api;

import io.backuphub.auth.Permission;
import io.backuphub.dns.DnsChanges;
import io.backuphub.dns.DnsPlan;
import io.backuphub.dns.TxtInput;
import io.backuphub.dns.TxtRecord;
import io.backuphub.dns.TxtRecords;
import io.backuphub.dns.Zone;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.apache.camel.ProducerTemplate;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * TXT records in Cloudflare zones: one at a time, and declared in config/dns.yaml (plan, apply). The
 * Cloudflare API token is the hub's (CLOUDFLARE_API_TOKEN or hub.cloudflare.token-file) and never
 * shown; Cloudflare's refusals come back as problems carrying its errors.
 */
@Path("/api/v1/dns")
public class DnsResource {

    @Inject TxtRecords records;
    @Inject DnsChanges changes;
    @Inject ProducerTemplate routes;
    @Inject Caller caller;

    @Requires(Permission.DNS_MODIFY)
    @GET
    @Path("zones")
    @Operation(summary = "The Cloudflare zones the token can see (every page)")
    public Page<Zone> zones() {
        return Page.all(records.zones());
    }

    @Requires(Permission.DNS_MODIFY)
    @GET
    @Path("zones/{zoneId}/txt")
    @Operation(summary = "The zone's TXT records (every page): name, text (strings joined), content as Cloudflare"
            + " holds it, TTL, comment, managed (created by dns.yaml)")
    public Page<TxtRecord> list(@PathParam("zoneId") String zoneId) {
        return Page.all(records.list(zoneId));
    }

    @Requires(Permission.DNS_MODIFY)
    @POST
    @Path("zones/{zoneId}/txt")
    @Operation(summary = "Create a TXT record: name inside the zone (relative, full or \"@\"), text (up to 2048"
            + " characters once split into 255-byte strings), ttl (1 = automatic, or 60..86400), comment")
    public RestResponse<TxtRecord> create(@PathParam("zoneId") String zoneId, TxtInput input) {
        TxtRecord record = records.create(zoneId, input);
        caller.audit("dns.create", "dns/" + zoneId + "/" + record.name(), "succeeded", "record " + record.id()
                + ": \"" + record.text() + "\" ttl " + record.ttl());
        return Answers.created(record, "/api/v1/dns/zones/" + zoneId + "/txt/" + record.id());
    }

    @Requires(Permission.DNS_MODIFY)
    @GET
    @Path("zones/{zoneId}/txt/{recordId}")
    @Operation(summary = "One TXT record")
    public TxtRecord get(@PathParam("zoneId") String zoneId, @PathParam("recordId") String recordId) {
        return records.get(zoneId, recordId);
    }

    @Requires(Permission.DNS_MODIFY)
    @PUT
    @Path("zones/{zoneId}/txt/{recordId}")
    @Operation(summary = "Overwrite a TXT record (same body as create)")
    public TxtRecord replace(@PathParam("zoneId") String zoneId, @PathParam("recordId") String recordId,
            TxtInput input) {
        TxtRecord before = records.get(zoneId, recordId);
        TxtRecord record = records.replace(zoneId, recordId, input);
        caller.audit("dns.update", "dns/" + zoneId + "/" + record.name(), "succeeded", "record " + record.id()
                + ": \"" + before.text() + "\" -> \"" + record.text() + "\" ttl " + record.ttl());
        return record;
    }

    @Requires(Permission.DNS_MODIFY)
    @DELETE
    @Path("zones/{zoneId}/txt/{recordId}")
    @Operation(summary = "Delete a TXT record")
    public RestResponse<Void> delete(@PathParam("zoneId") String zoneId, @PathParam("recordId") String recordId) {
        TxtRecord before = records.get(zoneId, recordId);
        records.delete(zoneId, recordId);
        caller.audit("dns.delete", "dns/" + zoneId + "/" + before.name(), "succeeded", "record " + recordId
                + ": \"" + before.text() + "\"");
        return RestResponse.noContent();
    }

    @Requires(Permission.DNS_MODIFY)
    @POST
    @Path("plan")
    @Operation(summary = "What applying config/dns.yaml would change, zone by zone: create, update, delete, each"
            + " with its reason; records the hub did not create are left alone unless dns.yaml owns their name")
    public DnsPlan plan() {
        return changes.plan();
    }

    @Requires(Permission.DNS_MODIFY)
    @POST
    @Path("apply")
    @Operation(summary = "Apply config/dns.yaml (through the apply-dns route): Cloudflare batches per zone, each"
            + " change audited; returns what was applied")
    public DnsPlan apply() {
        return routes.requestBody("direct:apply-dns", new DnsChanges.Request(caller.name(), caller.source()),
                DnsPlan.class);
    }
}
