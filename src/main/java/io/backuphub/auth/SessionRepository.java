package io.backuphub.auth;

import io.backuphub.catalog.Db;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * Dashboard sessions in the catalog (so every replica knows them): a random token the browser keeps
 * in an HttpOnly cookie, stored as its SHA-256 like API keys; the API key or the person (signed in
 * through OIDC) it stands for; a CSRF token the pages send with each write. A session ends at logout,
 * after hub.dashboard.session-idle without use, hub.dashboard.session-max after its login, when its key
 * is revoked or given a new secret ({@link ApiKeyRepository#upsert}), or when its person is disabled or
 * removed.
 */
@ApplicationScoped
@Named("dashboardSessions")
public class SessionRepository {

    /** A live session: its key or its person (one of them), and the CSRF token its writes must carry. */
    public record Session(ApiKey key, User user, String csrfToken) {

        public Principal principal() {
            return key != null ? key.principal() : user.principal();
        }
    }

    /** A new session: the cookie's token (shown once, never stored) and the session. */
    public record Opened(String token, Session session) {
    }

    @Inject Db db;
    @Inject AuthProperties config;
    @Inject UserRepository users;

    public Opened open(ApiKey key) {
        return open(new Session(key, null, ApiKeyRepository.generate()));
    }

    public Opened open(User user) {
        return open(new Session(null, user, ApiKeyRepository.generate()));
    }

    private Opened open(Session session) {
        String token = ApiKeyRepository.generate();
        Instant now = Instant.now();
        db.update("INSERT INTO dashboard_sessions (token_hash, key_id, user_id, csrf_token, created_at, last_seen_at,"
                + " expires_at) VALUES (?,?,?,?,?,?,?)", ApiKeyRepository.hash(token),
                session.key() == null ? null : session.key().id(), session.user() == null ? null : session.user().id(),
                session.csrfToken(), now, now, now.plus(config.dashboard().sessionMax()));
        return new Opened(token, session);
    }

    /** The live session of this token, its last use moved to now; empty when unknown, ended or its key revoked. */
    public Optional<Session> find(String token) {
        if (token == null || token.isEmpty() || token.length() > 512) {
            return Optional.empty();
        }
        Instant now = Instant.now();
        String hash = ApiKeyRepository.hash(token);
        // The key or person as they are now: a session of a key that was revoked, expired or narrowed is
        // too, and so is one of a person disabled or given another role.
        Optional<Session> session = db.queryOne("SELECT " + ApiKeyRepository.columns("k") + ", s.user_id,"
                + " s.csrf_token FROM dashboard_sessions s LEFT JOIN api_keys k ON k.id = s.key_id"
                + " WHERE s.token_hash = ? AND (k.id IS NULL OR k.revoked_at IS NULL)"
                + " AND s.expires_at > ? AND s.last_seen_at > ?", this::row, hash, now,
                now.minus(config.dashboard().sessionIdle())).filter(s -> s.key() != null || s.user() != null);
        // Its last use, at most once a minute: a page's requests do not each write to the catalog.
        session.ifPresent(s -> db.update("UPDATE dashboard_sessions SET last_seen_at = ? WHERE token_hash = ?"
                + " AND last_seen_at < ?", now, hash, now.minusSeconds(60)));
        return session;
    }

    private Session row(ResultSet rs) throws SQLException {
        String userId = rs.getString("user_id");
        if (userId != null) {
            return new Session(null, users.byId(userId).filter(u -> !u.disabled()).orElse(null),
                    rs.getString("csrf_token"));
        }
        return new Session(rs.getString("id") == null ? null : ApiKeyRepository.row(rs, null), null,
                rs.getString("csrf_token"));
    }

    public void close(String token) {
        if (token != null && !token.isEmpty()) {
            db.update("DELETE FROM dashboard_sessions WHERE token_hash = ?", ApiKeyRepository.hash(token));
        }
    }

    /** Forgets ended sessions; returns how many. */
    public int purge() {
        Instant now = Instant.now();
        return db.update("DELETE FROM dashboard_sessions WHERE expires_at <= ? OR last_seen_at <= ?", now,
                now.minus(config.dashboard().sessionIdle()));
    }
}
