package io.backuphub.dns;

import io.backuphub.common.Problems;
import io.backuphub.common.SafeValues;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.regex.Pattern;

/**
 * TXT records one at a time (the /api/v1/dns/zones/{zoneId}/txt API): inputs checked against the zone
 * before Cloudflare sees them — the name inside the zone, the text within DNS's and Cloudflare's
 * limits (split into 255-byte strings when longer), the TTL, the comment (its length, and never the
 * mark of the records dns.yaml manages) — then sent.
 */
@ApplicationScoped
public class TxtRecords {

    /** Cloudflare's ids: 32 hex characters (checked loosely: they are only ever sent URL-encoded). */
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9]{1,64}");
    /** Cloudflare's limit on a record comment on every plan. */
    static final int MAX_COMMENT = 100;

    private final CloudflareClient cloudflare;

    public TxtRecords(CloudflareClient cloudflare) {
        this.cloudflare = cloudflare;
    }

    public List<Zone> zones() {
        return cloudflare.zones();
    }

    public List<TxtRecord> list(String zoneId) {
        return cloudflare.txtRecords(id(zoneId, "zone id"));
    }

    public TxtRecord get(String zoneId, String recordId) {
        return cloudflare.txtRecord(id(zoneId, "zone id"), id(recordId, "record id"));
    }

    public TxtRecord create(String zoneId, TxtInput input) {
        Zone zone = cloudflare.zone(id(zoneId, "zone id"));
        Checked c = check(zone, input);
        return cloudflare.create(zone.id(), c.name, c.text, c.ttl, input.comment());
    }

    public TxtRecord replace(String zoneId, String recordId, TxtInput input) {
        Zone zone = cloudflare.zone(id(zoneId, "zone id"));
        Checked c = check(zone, input);
        return cloudflare.overwrite(zone.id(), id(recordId, "record id"), c.name, c.text, c.ttl, input.comment());
    }

    public void delete(String zoneId, String recordId) {
        get(zoneId, recordId); // a TXT record: the API deletes nothing else
        cloudflare.delete(zoneId, recordId);
    }

    /** The full name, the text itself (quoted strings joined) and the TTL. */
    private record Checked(String name, String text, int ttl) {
    }

    private static Checked check(Zone zone, TxtInput input) {
        Problems problems = new Problems();
        if (input == null) {
            problems.add("a body {name, text (or content), ttl, comment} is required");
            problems.throwIfAny();
        }
        String name = DnsNames.full(input.name(), zone.name(), problems, "name");
        String problem = input.valueProblem();
        if (problem != null) {
            problems.add("text", problem);
        }
        int ttl = DnsNames.ttl(input.ttl(), problems, "ttl");
        if (input.comment() != null && input.comment().length() > MAX_COMMENT) {
            problems.add("comment", "must be at most " + MAX_COMMENT + " characters");
        }
        // The mark of the records dns.yaml's applies manage: a record made here must not become one.
        if (input.comment() != null && input.comment().strip().equalsIgnoreCase(CloudflareClient.MANAGED)) {
            problems.add("comment", "\"" + CloudflareClient.MANAGED + "\" marks the records the hub keeps from"
                    + " dns.yaml (an apply would change or delete this one); choose another comment");
        }
        problems.throwIfAny();
        return new Checked(name, TxtContent.text(input.value()), ttl);
    }

    private static String id(String id, String what) {
        return SafeValues.require(ID, id, what);
    }
}
