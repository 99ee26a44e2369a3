package io.backuphub.auth;

import io.backuphub.catalog.Db;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Instant;
import java.util.Optional;

/**
 * Dashboard sessions in the catalog (so every replica knows them): a random token the browser keeps
 * in an HttpOnly cookie, stored as its SHA-256 like API keys; the API key it stands for; a CSRF token
 * the pages send with each write. A session ends at logout, after hub.dashboard.session-idle without
 * use, hub.dashboard.session-max after its login, or when its key is revoked or given a new secret
 * ({@link ApiKeyRepository#upsert}).
 */
@ApplicationScoped
@Named("dashboardSessions")
public class SessionRepository {

    /** A live session: who it is, and the CSRF token its writes must carry. */
    public record Session(ApiKey key, String csrfToken) {
    }

    /** A new session: the cookie's token (shown once, never stored) and the session. */
    public record Opened(String token, Session session) {
    }

    @Inject Db db;
    @Inject AuthProperties config;

    public Opened open(ApiKey key) {
        String token = ApiKeyRepository.generate();
        String csrf = ApiKeyRepository.generate();
        Instant now = Instant.now();
        db.update("INSERT INTO dashboard_sessions (token_hash, key_id, csrf_token, created_at, last_seen_at,"
                + " expires_at) VALUES (?,?,?,?,?,?)", ApiKeyRepository.hash(token), key.id(), csrf, now, now,
                now.plus(config.dashboard().sessionMax()));
        return new Opened(token, new Session(key, csrf));
    }

    /** The live session of this token, its last use moved to now; empty when unknown, ended or its key revoked. */
    public Optional<Session> find(String token) {
        if (token == null || token.isEmpty() || token.length() > 512) {
            return Optional.empty();
        }
        Instant now = Instant.now();
        String hash = ApiKeyRepository.hash(token);
        // The key as it is now: a session of a key that was revoked, expired or narrowed is too.
        Optional<Session> session = db.queryOne("SELECT " + ApiKeyRepository.columns("k") + ", s.csrf_token"
                + " FROM dashboard_sessions s"
                + " JOIN api_keys k ON k.id = s.key_id WHERE s.token_hash = ? AND k.revoked_at IS NULL"
                + " AND s.expires_at > ? AND s.last_seen_at > ?",
                rs -> new Session(ApiKeyRepository.row(rs, null), rs.getString("csrf_token")),
                hash, now, now.minus(config.dashboard().sessionIdle()));
        // Its last use, at most once a minute: a page's requests do not each write to the catalog.
        session.ifPresent(s -> db.update("UPDATE dashboard_sessions SET last_seen_at = ? WHERE token_hash = ?"
                + " AND last_seen_at < ?", now, hash, now.minusSeconds(60)));
        return session;
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
