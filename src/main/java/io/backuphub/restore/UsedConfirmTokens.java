package io.backuphub.restore;

import io.backuphub.auth.ApiKeyRepository;
import io.backuphub.catalog.Db;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * Confirm tokens that started a restore, in the catalog so that every replica knows them: a token
 * starts one restore. A used token is remembered until it would have expired anyway.
 */
@ApplicationScoped
class UsedConfirmTokens {

    @Inject Db db;

    /** Marks the token used at {@code now}; when it was used before, the time it was. */
    Optional<Instant> use(String token, Instant expires, Instant now) {
        String hash = ApiKeyRepository.hash(token);
        return db.transaction(c -> {
            Db.update(c, "DELETE FROM used_confirm_tokens WHERE expires_at < ?", now);
            Optional<Instant> used = Db.query(c, "SELECT used_at FROM used_confirm_tokens WHERE token_hash = ?",
                    rs -> Db.instant(rs, "used_at"), hash).stream().findFirst();
            if (used.isPresent()) {
                return used;
            }
            try {
                Db.update(c, "INSERT INTO used_confirm_tokens (token_hash, used_at, expires_at) VALUES (?,?,?)", hash,
                        now, expires);
                return Optional.empty();
            } catch (SQLException raced) { // another replica took it between the two statements
                c.rollback();
                return Optional.of(now);
            }
        });
    }
}
