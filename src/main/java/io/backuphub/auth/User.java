package io.backuphub.auth;

import java.time.Instant;
import java.util.Optional;

/**
 * A person, known by the email their identity provider vouches for. {@code assigned}: an admin (or
 * hub.auth.default-role) gave them a role; until then they hold no permission and are told to ask an
 * admin. A disabled person is refused however they sign in. {@code grantFrom}: who gave the grant
 * ({@code groups}, {@code admin}, {@code default-role}; null without one).
 */
public record User(String id, String email, boolean assigned, Grant grant, Limits limits, boolean disabled,
        String signedInVia, String grantFrom, Instant createdAt, Instant lastSeenAt) {

    /** Why the person may not sign in now, however they prove who they are; empty when they may. */
    public Optional<String> refusal() {
        return disabled ? Optional.of("user " + email + " is disabled: ask an admin")
                : Optional.empty();
    }

    public Principal principal() {
        return new Principal(Principal.Kind.USER, email, grant, "user." + id, limits);
    }
}
