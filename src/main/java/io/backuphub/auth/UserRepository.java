package io.backuphub.auth;

import io.backuphub.catalog.Db;
import io.backuphub.common.HubException;
import io.backuphub.common.Ids;
import io.backuphub.common.InvalidConfigException;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * People in the catalog. Made at their first sign-in with hub.auth.default-role (none unless set: they
 * ask an admin), changed by admins (role, permissions, scope, limits, disabled), removed with the keys
 * and sessions they own. Where hub.auth.group-roles maps their identity provider's groups, those
 * groups decide their grant at every sign-in ({@link GroupGrants}), and leaving the groups takes it away.
 */
@ApplicationScoped
public class UserRepository {

    private static final String COLUMNS = "id, email, role, permissions, target_scope, environment_scope, limits,"
            + " disabled, signed_in_via, grant_from, created_at, last_seen_at";
    /** Where a person's grant came from: their groups, an admin, or hub.auth.default-role. */
    static final String FROM_GROUPS = "groups";
    static final String FROM_ADMIN = "admin";
    static final String FROM_DEFAULT = "default-role";

    @Inject Db db;
    @Inject AuthProperties config;
    @Inject ApiKeyRepository keys;
    @Inject GroupGrants groupGrants;

    void onStart(@Observes StartupEvent event) {
        config.auth().defaultRole().filter(r -> Role.of(r).isEmpty()).ifPresent(r -> {
            throw new InvalidConfigException("hub.auth.default-role", List.of("is " + r
                    + ": a role is viewer, operator, restorer or admin (or leave it unset: people ask an admin)"));
        });
    }

    /**
     * The person {@code email} as they sign in through {@code via}: made at their first sign-in, their
     * last sign-in noted (at most once a minute). {@code groups}: the groups their provider vouches for,
     * which decide their grant where hub.auth.group-roles maps them; null when the sign-in names none
     * (Cloudflare Access), which leaves the grant as it is.
     */
    public User signedIn(String email, String via, List<String> groups) {
        String normalised = email.strip().toLowerCase(Locale.ROOT);
        Instant now = Instant.now();
        Optional<Grant> fromGroups = groups == null ? Optional.empty() : groupGrants.of(groups);
        Optional<User> known = byEmail(normalised);
        if (known.isEmpty()) {
            Optional<Grant> initial = fromGroups.or(() -> config.auth().defaultRole().flatMap(Role::of)
                    .map(role -> Grant.of(role, Scope.ALL)));
            try {
                db.update("INSERT INTO users (id, email, signed_in_via, created_at, last_seen_at) VALUES (?,?,?,?,?)",
                        Ids.next(), normalised, via, now, now);
            } catch (RuntimeException raced) {
                // another replica made them at the same moment: theirs is the row
            }
            User made = byEmail(normalised).orElseThrow();
            return initial.isEmpty() || made.assigned() ? made
                    : setGrant(made.id(), initial.get(), fromGroups.isPresent() ? FROM_GROUPS : FROM_DEFAULT);
        }
        User user = known.get();
        db.update("UPDATE users SET last_seen_at = ?, signed_in_via = ? WHERE id = ? AND (last_seen_at IS NULL"
                + " OR last_seen_at < ?)", now, via, user.id(), now.minusSeconds(60));
        if (fromGroups.isPresent()
                && !(FROM_GROUPS.equals(user.grantFrom()) && fromGroups.get().equals(user.grant()))) {
            return setGrant(user.id(), fromGroups.get(), FROM_GROUPS);
        }
        if (groups != null && fromGroups.isEmpty() && FROM_GROUPS.equals(user.grantFrom())) {
            return setGrant(user.id(), null, null); // left the groups that gave it
        }
        return user;
    }

    private User setGrant(String id, Grant grant, String from) {
        db.update("UPDATE users SET role = ?, permissions = ?, target_scope = ?, environment_scope = ?, grant_from = ?"
                + " WHERE id = ?", grant == null ? null : grant.role().code(),
                grant == null ? null : GrantColumns.permissions(grant),
                grant == null ? null : GrantColumns.list(grant.scope().targets()),
                grant == null ? null : GrantColumns.list(grant.scope().environments()), from, id);
        return byId(id).orElseThrow();
    }

    public Optional<User> byId(String id) {
        return db.queryOne("SELECT " + COLUMNS + " FROM users WHERE id = ?", UserRepository::row, id);
    }

    private Optional<User> byEmail(String email) {
        return db.queryOne("SELECT " + COLUMNS + " FROM users WHERE email = ?", UserRepository::row, email);
    }

    public List<User> list() {
        return db.query("SELECT " + COLUMNS + " FROM users ORDER BY email", UserRepository::row);
    }

    /**
     * Gives the person {@code grant} (null: no role) and {@code limits}, or disables them. Where their
     * groups are mapped, their next sign-in sets the grant their groups give again.
     */
    public User update(String id, Grant grant, Limits limits, boolean disabled) {
        int changed = db.update("UPDATE users SET limits = ?, disabled = ? WHERE id = ?", GrantColumns.limits(limits),
                disabled, id);
        if (changed == 0) {
            throw HubException.notFound("no user " + id);
        }
        return setGrant(id, grant, grant == null ? null : FROM_ADMIN);
    }

    /** Removes the person and revokes every key they own; returns how many keys that was. */
    public int delete(User user) {
        int revoked = keys.revokeOwnedBy(user.principal().id(), Instant.now());
        db.update("DELETE FROM dashboard_sessions WHERE user_id = ?", user.id());
        db.update("DELETE FROM users WHERE id = ?", user.id());
        return revoked;
    }

    private static User row(ResultSet rs) throws SQLException {
        return new User(rs.getString("id"), rs.getString("email"), rs.getString("role") != null,
                GrantColumns.grant(rs), GrantColumns.limits(rs), rs.getBoolean("disabled"),
                rs.getString("signed_in_via"), rs.getString("grant_from"),
                Db.instant(rs, "created_at"), Db.instant(rs, "last_seen_at"));
    }
}
