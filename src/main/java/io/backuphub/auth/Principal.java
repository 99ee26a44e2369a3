package io.backuphub.auth;

import io.backuphub.common.HubException;

/**
 * Who is acting: a person, an API key, a signed webhook, a Pub/Sub subscription or the break-glass
 * admin key; what they may do ({@link Grant}); and, for keys, the credential everything they are given
 * is bound to (the key's row and a prefix of its current hash, never the secret); its own limits (where
 * it has none, its role's apply). {@link #id()} is the name the audit log, jobs and quotas know them by.
 */
public record Principal(Kind kind, String name, Grant grant, String credential, Limits limits) {

    public enum Kind {

        /** The break-glass admin key (HUB_ADMIN_API_KEY or data/admin-api-key). */
        ADMIN("admin"), KEY("key"), USER("user"),
        /** A Cloudflare Access service token, mapped to a principal named in config. */
        SERVICE("service"), WEBHOOK("webhook"), PUBSUB("pubsub");

        private final String prefix;

        Kind(String prefix) {
            this.prefix = prefix;
        }

        public String prefix() {
            return prefix;
        }
    }

    /** {@code admin}, {@code key:ci-deploy}, {@code user:alice@example.com}, {@code webhook:deploys}. */
    public String id() {
        return kind == Kind.ADMIN ? kind.prefix : kind.prefix + ":" + name;
    }

    public boolean allows(Permission permission) {
        return grant.allows(permission);
    }

    /** Why this principal is refused what {@code permission} guards: a person without a role is told to ask. */
    public String lacking(Permission permission) {
        return kind == Kind.USER && grant.permissions().isEmpty()
                ? id() + " has no role on this hub yet: ask an admin to give you one"
                : id() + " lacks the permission " + permission + " (its role is " + grant.role() + ")";
    }

    /**
     * Refuses (403) to hand on {@code handed} (a key it makes, a role it gives a person) unless this
     * principal holds all of it: no one passes on more than they have.
     */
    public void requireWithin(Grant handed) {
        if (!grant.contains(handed)) {
            throw new HubException(HubException.Kind.FORBIDDEN, "grant-exceeds-creator", id()
                    + " may not hand on more than it holds (" + handed.role() + " on " + handed.scope()
                    + "; it holds " + grant.role() + " on " + grant.scope() + ")");
        }
    }

    @Override
    public String toString() {
        return id();
    }
}
