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
 * they own.
 */
@ApplicationScoped
public class UserRepository {

    private static final String COLUMNS = "id, email, role, permissions, target_scope, environment_scope, limits,"
            + " disabled, signed_in_via, created_at, last_seen_at";

    @Inject Db db;
    @Inject AuthProperties config;
    @Inject ApiKeyRepository keys;

    void onStart(@Observes StartupEvent event) {
        config.auth().defaultRole().filter(r -> Role.of(r).isEmpty()).ifPresent(r -> {
            throw new InvalidConfigException("hub.auth.default-role", List.of("is " + r
                    + ": a role is viewer, operator, restorer or admin (or leave it unset: people ask an admin)"));
        });
    }

    /**
     * The person {@code email} as they sign in through {@code via}: made with the default role at their
     * first sign-in, their last sign-in noted (at most once a minute).
     */
    public User signedIn(String email, String via) {
        String normalised = email.strip().toLowerCase(Locale.ROOT);
        Instant now = Instant.now();
        Optional<User> known = byEmail(normalised);
        if (known.isEmpty()) {
            Optional<Role> role = config.auth().defaultRole().flatMap(Role::of);
            try {
                db.update("INSERT INTO users (id, email, role, signed_in_via, created_at, last_seen_at)"
                        + " VALUES (?,?,?,?,?,?)", Ids.next(), normalised, role.map(Role::code).orElse(null), via,
                        now, now);
            } catch (RuntimeException raced) {
                // another replica made them at the same moment: theirs is the row
            }
            return byEmail(normalised).orElseThrow();
        }
        db.update("UPDATE users SET last_seen_at = ?, signed_in_via = ? WHERE id = ? AND (last_seen_at IS NULL"
                + " OR last_seen_at < ?)", now, via, known.get().id(), now.minusSeconds(60));
        return known.get();
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

    /** Gives the person {@code grant} (null: no role) and {@code limits}, or disables them. */
    public User update(String id, Grant grant, Limits limits, boolean disabled) {
        int changed = db.update("UPDATE users SET role = ?, permissions = ?, target_scope = ?, environment_scope = ?,"
                + " limits = ?, disabled = ? WHERE id = ?", grant == null ? null : grant.role().code(),
                grant == null ? null : GrantColumns.permissions(grant),
                grant == null ? null : GrantColumns.list(grant.scope().targets()),
                grant == null ? null : GrantColumns.list(grant.scope().environments()), GrantColumns.limits(limits),
                disabled, id);
        if (changed == 0) {
            throw HubException.notFound("no user " + id);
        }
        return byId(id).orElseThrow();
    }

    /** Removes the person and revokes every key they own; returns how many keys that was. */
    public int delete(User user) {
        int revoked = keys.revokeOwnedBy(user.principal().id(), Instant.now());
        db.update("DELETE FROM users WHERE id = ?", user.id());
        return revoked;
    }

    private static User row(ResultSet rs) throws SQLException {
        return new User(rs.getString("id"), rs.getString("email"), rs.getString("role") != null,
                GrantColumns.grant(rs), GrantColumns.limits(rs), rs.getBoolean("disabled"),
                rs.getString("signed_in_via"),
                Db.instant(rs, "created_at"), Db.instant(rs, "last_seen_at"));
    }
}
