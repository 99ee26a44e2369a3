package io.backuphub.auth;

import io.backuphub.catalog.Db;
import io.backuphub.common.HubProperties;
import io.backuphub.common.Ids;
import io.backuphub.common.InvalidConfigException;
import io.backuphub.common.PrivateFiles;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * API keys, stored as SHA-256 hashes. On first start with no key at all, an admin key is generated
 * and written to {@code <data dir>/admin-api-key} (mode 600), never to the log; HUB_ADMIN_API_KEY
 * bootstraps or rotates the key named "admin" instead (at least {@value #MIN_ADMIN_KEY_LENGTH}
 * characters). A rotated or revoked key takes everything made with it along: its dashboard sessions
 * end, and restore confirm tokens are bound to its {@link ApiKey#credential()}.
 */
@ApplicationScoped
public class ApiKeyRepository {

    private static final Logger LOG = Logger.getLogger(ApiKeyRepository.class);
    public static final String ADMIN = "admin";
    public static final String ADMIN_ROLE = "admin";
    /** Online guessing is throttled; a key an admin picks must still be long enough not to be found. */
    public static final int MIN_ADMIN_KEY_LENGTH = 32;
    static final String GENERATED_KEY_FILE = "admin-api-key";

    /**
     * The identity behind a key. {@code credential} names the key's current secret (its row and a
     * prefix of its hash, never the secret): what a key made is bound to it, so that it ends with a
     * rotation.
     */
    public record ApiKey(String id, String name, String role, String credential) {

        static ApiKey of(String id, String name, String role, String keyHash) {
            return new ApiKey(id, name, role, id + "." + keyHash.substring(0, 16));
        }
    }

    @Inject Db db;
    @Inject AuthProperties config;
    @Inject HubProperties hub;

    void onStart(@Observes StartupEvent event) {
        Optional<String> bootstrap = config.adminApiKey().filter(k -> !k.isBlank());
        if (bootstrap.isPresent()) {
            checkAdminKey(bootstrap.get());
            upsert(ADMIN, bootstrap.get(), ADMIN_ROLE);
            LOG.info("admin API key set from HUB_ADMIN_API_KEY");
        } else if (count() == 0) {
            String key = generate();
            upsert(ADMIN, key, ADMIN_ROLE);
            Path file = hub.data().dir().resolve(GENERATED_KEY_FILE);
            writePrivately(file, key);
            LOG.infof("no API key existed: generated the admin key and wrote it to %s", file.toAbsolutePath());
        }
    }

    /** The key's identity, if the key is known and not revoked. */
    public Optional<ApiKey> authenticate(String presented) {
        if (presented == null || presented.isEmpty() || presented.length() > 512) {
            return Optional.empty();
        }
        String hash = hash(presented);
        return db.queryOne("SELECT id, name, role FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL",
                rs -> ApiKey.of(rs.getString("id"), rs.getString("name"), rs.getString("role"), hash), hash);
    }

    /**
     * Creates the key {@code name}, or gives it a new secret and role. A new secret ends the dashboard
     * sessions opened with the old one, in the same transaction, on every replica.
     */
    public void upsert(String name, String key, String role) {
        String hash = hash(key);
        db.transaction(c -> {
            Optional<String[]> existing = Db.query(c, "SELECT id, key_hash FROM api_keys WHERE name = ?",
                    rs -> new String[]{rs.getString(1), rs.getString(2)}, name).stream().findFirst();
            if (existing.isEmpty()) {
                Db.update(c, "INSERT INTO api_keys (id, name, key_hash, role, created_at) VALUES (?,?,?,?,?)",
                        Ids.next(), name, hash, role, Instant.now());
                return null;
            }
            String id = existing.get()[0];
            if (!existing.get()[1].equals(hash)) {
                int ended = Db.update(c, "DELETE FROM dashboard_sessions WHERE key_id = ?", id);
                if (ended > 0) {
                    LOG.infof("API key %s has a new secret: %d dashboard session(s) made with the old one ended", name,
                            ended);
                }
            }
            Db.update(c, "UPDATE api_keys SET key_hash = ?, role = ?, revoked_at = NULL WHERE id = ?", hash, role, id);
            return null;
        });
    }

    /** HUB_ADMIN_API_KEY is refused at start when it is too short to withstand guessing (the key is never shown). */
    static void checkAdminKey(String key) {
        if (key.strip().length() < MIN_ADMIN_KEY_LENGTH) {
            throw new InvalidConfigException("HUB_ADMIN_API_KEY (hub.admin-api-key)", List.of("is "
                    + key.strip().length() + " characters long; an admin key must have at least " + MIN_ADMIN_KEY_LENGTH
                    + " (make one with: openssl rand -base64 32), or leave it unset and the hub generates one"));
        }
    }

    private int count() {
        return db.queryOne("SELECT COUNT(*) FROM api_keys", rs -> rs.getInt(1)).orElse(0);
    }

    /** 256 random bits, URL-safe. */
    public static String generate() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return "bh_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void writePrivately(Path file, String content) {
        try {
            PrivateFiles.write(file, content + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the generated admin key to " + file, e);
        }
    }
}
