package io.backuphub.dns;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A TXT record in a Cloudflare zone: its full name, its text (strings joined), the content field as
 * Cloudflare holds it, the TTL (1 = automatic) and the comment; {@code managed} when the hub created it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TxtRecord(String id, String name, String text, String content, int ttl, String comment,
        boolean managed, Instant modifiedOn) {
}
