package io.backuphub.dns;

/**
 * The body of POST and PUT /api/v1/dns/zones/{zoneId}/txt[/{recordId}]: the name (full, or relative to
 * the zone, "@" for the zone itself), the text — as {@code text}, or as {@code content}, the name
 * Cloudflare's API and docs give it (one of them; answers always say {@code text}) — the TTL (1 =
 * automatic, the default; or 60..86400) and an optional comment.
 */
public record TxtInput(String name, String text, String content, Integer ttl, String comment) {

    /** The record's value, whichever name it came under; null when neither or both were given. */
    String value() {
        return text != null && content != null ? null : text != null ? text : content;
    }

    /** What is wrong with how the value was given; null when nothing is. */
    String valueProblem() {
        if (text != null && content != null) {
            return "give the value as text or as content (Cloudflare's name for it), not both";
        }
        return TxtContent.problem(value());
    }
}
