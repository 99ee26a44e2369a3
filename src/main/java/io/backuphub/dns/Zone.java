package io.backuphub.dns;

/** A Cloudflare zone the token can see. */
public record Zone(String id, String name, String status) {
}
