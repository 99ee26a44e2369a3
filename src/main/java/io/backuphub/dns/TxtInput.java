package io.backuphub.dns;

/**
 * The body of POST and PUT /api/v1/dns/zones/{zoneId}/txt[/{recordId}]: the name (full, or relative to
 * the zone, "@" for the zone itself), the text, the TTL (1 = automatic, the default; or 60..86400) and
 * an optional comment.
 */
public record TxtInput(String name, String text, Integer ttl, String comment) {
}
