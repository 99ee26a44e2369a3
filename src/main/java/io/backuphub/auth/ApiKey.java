package io.backuphub.auth;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An API key as the catalog knows it, never its secret or hash. {@code owner} is the person it belongs
 * to (a key they made; it ends with them), or null for a service key. {@code credential} names the
 * secret it was presented with (its row and a prefix of that secret's hash): what a key is given to use
 * later, such as a restore's confirm token, is bound to it and ends with a rotation. After a rotation the
 * old secret works until {@code previousValidUntil}; {@code oldSecret} says the key was presented with it.
 */
public record ApiKey(String id, String name, String owner, Grant grant, Limits limits, List<Cidr> allowedCidrs,
        Instant createdAt, String createdBy, Instant expiresAt, Instant revokedAt, Instant lastUsedAt,
        String lastUsedFrom, Instant previousValidUntil, boolean oldSecret, String credential) {

    /** The break-glass admin key's name (HUB_ADMIN_API_KEY or data/admin-api-key); no other key may take it. */
    public static final String BREAK_GLASS = "admin";

    public ApiKey {
        allowedCidrs = allowedCidrs == null ? List.of() : List.copyOf(allowedCidrs);
    }

    public boolean isBreakGlass() {
        return BREAK_GLASS.equals(name);
    }

    public Principal principal() {
        return new Principal(isBreakGlass() ? Principal.Kind.ADMIN : Principal.Kind.KEY, name, grant, credential,
                limits);
    }

    /**
     * Why this key may not be used now from {@code source}, if it may not: revoked, expired, or not
     * from one of its allowed addresses. Checked on every request, the key found in a cache or not.
     */
    public Optional<String> refusal(Instant now, String source) {
        if (revokedAt != null) {
            return Optional.of("API key " + name + " was revoked at " + revokedAt);
        }
        if (oldSecret && (previousValidUntil == null || !now.isBefore(previousValidUntil))) {
            return Optional.of("API key " + name + " was rotated: its old secret stopped working at "
                    + previousValidUntil);
        }
        if (expiresAt != null && !now.isBefore(expiresAt)) {
            return Optional.of("API key " + name + " expired at " + expiresAt);
        }
        if (!allowedCidrs.isEmpty() && allowedCidrs.stream().noneMatch(c -> c.contains(source))) {
            return Optional.of("API key " + name + " may not be used from " + source + " (allowed: "
                    + String.join(", ", allowedCidrs.stream().map(Cidr::toString).toList()) + ")");
        }
        return Optional.empty();
    }
}
