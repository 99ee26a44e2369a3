package io.backuphub.auth;

import io.backuphub.common.Problems;
import io.backuphub.common.SafeValues;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A key to create, as asked for: its name, role and narrower permissions, scope, expiry (a time, or days
 * from now), source addresses and limits. {@link #resolve} checks it against the rules and against its
 * creator, who can hand on no more than they hold themselves.
 */
public record KeySpec(String name, String role, List<String> permissions, List<String> targets,
        List<String> environments, Instant expiresAt, Integer expiresInDays, List<String> allowedCidrs,
        Limits limits) {

    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    /** What {@link ApiKeyRepository#create} stores. */
    public record Resolved(String name, Grant grant, Limits limits, List<Cidr> allowedCidrs, Instant expiresAt) {
    }

    /**
     * The key as it will be made, or a 400 naming every problem (a 403 when the creator would hand on
     * more than they hold).
     */
    public Resolved resolve(Principal creator, Optional<Duration> maxLifetime, Instant now) {
        Problems problems = new Problems();
        if (SafeValues.check(problems, "name", NAME, name) && ApiKey.BREAK_GLASS.equals(name)) {
            problems.add("name", "\"admin\" is the break-glass key's name (HUB_ADMIN_API_KEY)");
        }
        Grant grant = Grant.parse(role, permissions, targets, environments, problems);
        List<Cidr> cidrs = new ArrayList<>();
        for (String cidr : allowedCidrs == null ? List.<String>of() : allowedCidrs) {
            Cidr.parse(cidr).ifPresentOrElse(cidrs::add, () -> problems.add("allowedCidrs",
                    SafeValues.show(cidr) + " is not an address or a range such as 10.0.0.0/8"));
        }
        if (limits != null) {
            limits.check(problems.at("limits"));
        }
        Instant expiry = expiry(now, maxLifetime, problems);
        problems.throwIfAny();
        creator.requireWithin(grant);
        return new Resolved(name, grant, limits == null ? Limits.NONE : limits, cidrs, expiry);
    }

    private Instant expiry(Instant now, Optional<Duration> maxLifetime, Problems problems) {
        if (expiresAt != null && expiresInDays != null) {
            problems.add("expiresAt", "give expiresAt or expiresInDays, not both");
            return null;
        }
        if (expiresInDays != null && (expiresInDays < 1 || expiresInDays > 36_500)) {
            problems.add("expiresInDays", "must be between 1 and 36500, not " + expiresInDays);
            return null;
        }
        Instant expiry = expiresAt != null ? expiresAt
                : expiresInDays != null ? now.plus(Duration.ofDays(expiresInDays)) : null;
        if (expiry != null && !expiry.isAfter(now)) {
            problems.add("expiresAt", "is in the past: " + expiry);
        }
        if (maxLifetime.isPresent()) {
            Instant latest = now.plus(maxLifetime.get());
            if (expiry == null) {
                return latest; // hub.auth.keys.max-lifetime: no key lives longer
            }
            if (expiry.isAfter(latest)) {
                problems.add("expiresAt", "is after " + latest + ": keys live at most "
                        + maxLifetime.get().toDays() + " days here (hub.auth.keys.max-lifetime)");
            }
        }
        return expiry;
    }
}
