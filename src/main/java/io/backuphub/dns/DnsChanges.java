package io.backuphub.dns;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.backuphub.audit.AuditRepository;
import io.backuphub.common.HubException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The apply-dns route's steps (and POST /api/v1/dns/plan): dns.yaml against the zones in Cloudflare,
 * as a plan; the plan applied in Cloudflare's batches of at most {@link #BATCH} changes per zone (each
 * batch all or none), then audited record by record.
 */
@ApplicationScoped
@Named("dnsChanges")
public class DnsChanges {

    /** Who asks for the apply, for the audit log. */
    public record Request(String actor, String source) {
    }

    /** Cloudflare's limit on changes in one batch request (free plans). */
    static final int BATCH = 200;

    private final CloudflareClient cloudflare;
    private final AuditRepository audit;
    private final Path file;

    public DnsChanges(CloudflareClient cloudflare, AuditRepository audit, DnsProperties config) {
        this.cloudflare = cloudflare;
        this.audit = audit;
        this.file = config.dns().file();
    }

    /** dns.yaml (read now) against each zone it names, as the token sees them. */
    public DnsPlan plan() {
        DnsConfig desired = DnsFile.load(file);
        if (desired.zones().isEmpty()) {
            return new DnsPlan(List.of(), false);
        }
        Map<String, Zone> zones = cloudflare.zones().stream()
                .collect(Collectors.toMap(z -> z.name().toLowerCase(java.util.Locale.ROOT), Function.identity(),
                        (a, b) -> a));
        List<DnsPlan.ZonePlan> plans = new ArrayList<>();
        for (DnsConfig.ZoneRecords wanted : desired.zones()) {
            Zone zone = zones.get(wanted.zone().toLowerCase(java.util.Locale.ROOT));
            if (zone == null) {
                throw new HubException(HubException.Kind.UNPROCESSABLE, "dns-zone-not-visible", "zone "
                        + wanted.zone() + " in " + file + " is not among the zones the Cloudflare token can see "
                        + zones.keySet());
            }
            plans.add(DnsPlanner.plan(zone, wanted, cloudflare.txtRecords(zone.id())));
        }
        return new DnsPlan(plans, false);
    }

    /** Applies the plan zone by zone, in batches; each change audited once its batch is done. */
    public DnsPlan apply(DnsPlan plan, @org.apache.camel.Variable("request") Request request) {
        for (DnsPlan.ZonePlan zone : plan.zones()) {
            List<DnsPlan.Change> changes = zone.changes();
            for (int from = 0; from < changes.size(); from += BATCH) {
                List<DnsPlan.Change> batch = changes.subList(from, Math.min(changes.size(), from + BATCH));
                List<String> deletes = new ArrayList<>();
                List<ObjectNode> puts = new ArrayList<>();
                List<ObjectNode> posts = new ArrayList<>();
                for (DnsPlan.Change c : batch) {
                    switch (c.action()) {
                        case "delete" -> deletes.add(c.recordId());
                        case "update" -> puts.add(CloudflareClient.body(c.name(), c.text(), c.ttl(),
                                CloudflareClient.MANAGED).put("id", c.recordId()));
                        default -> posts.add(CloudflareClient.body(c.name(), c.text(), c.ttl(),
                                CloudflareClient.MANAGED));
                    }
                }
                cloudflare.batch(zone.zoneId(), deletes, puts, posts);
                for (DnsPlan.Change c : batch) {
                    audit.record(request.actor(), "dns." + c.action(), "dns/" + zone.zoneId() + "/" + c.name(),
                            request.source(), "succeeded", (c.recordId() == null ? "" : "record " + c.recordId() + ": ")
                                    + (c.was() == null ? "" : "\"" + c.was() + "\" -> ")
                                    + (c.text() == null ? "deleted" : "\"" + c.text() + "\" ttl " + c.ttl())
                                    + " (" + c.reason() + ")");
                }
            }
        }
        return new DnsPlan(plan.zones(), true);
    }
}
