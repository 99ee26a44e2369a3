package io.backuphub.auth;

import io.backuphub.catalog.Db;
import io.backuphub.common.HubConfig;
import io.backuphub.common.Ids;
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
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * API keys, stored as SHA-256 hashes. On first start with no key at all, an admin key is generated
 * and written to {@code <data dir>/admin-api-key} (mode 600), never to the log; HUB_ADMIN_API_KEY
 * bootstraps or rotates the key named "admin" instead.
 */
@ApplicationScoped
public class ApiKeyRepository {

    private static final Logger LOG = Logger.getLogger(ApiKeyRepository.class);
    public static final String ADMIN = "admin";
    static final String GENERATED_KEY_FILE = "admin-api-key";

    /** The identity behind a key. */
    public record ApiKey(String id, String name, String role) {
    }

    @Inject Db db;
    @Inject HubConfig config;

    void onStart(@Observes StartupEvent event) {
        Optional<String> bootstrap = config.adminApiKey().filter(k -> !k.isBlank());
        if (bootstrap.isPresent()) {
            upsert(ADMIN, bootstrap.get(), "admin");
            LOG.info("admin API key set from HUB_ADMIN_API_KEY");
        } else if (count() == 0) {
            String key = generate();
            upsert(ADMIN, key, "admin");
            Path file = config.data().dir().resolve(GENERATED_KEY_FILE);
            writePrivately(file, key);
            LOG.infof("no API key existed: generated the admin key and wrote it to %s", file.toAbsolutePath());
        }
    }

    /** The key's identity, if the key is known and not revoked. */
    public Optional<ApiKey> authenticate(String presented) {
        if (presented == null || presented.isEmpty() || presented.length() > 512) {
            return Optional.empty();
        }
        return db.queryOne("SELECT id, name, role FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL",
                rs -> new ApiKey(rs.getString("id"), rs.getString("name"), rs.getString("role")), hash(presented));
    }

    public void upsert(String name, String key, String role) {
        String hash = hash(key);
        db.transaction(c -> {
            if (Db.update(c, "UPDATE api_keys SET key_hash = ?, role = ?, revoked_at = NULL WHERE name = ?",
                    hash, role, name) == 0) {
                Db.update(c, "INSERT INTO api_keys (id, name, key_hash, role, created_at) VALUES (?,?,?,?,?)",
                        Ids.next(), name, hash, role, Instant.now());
            }
            return null;
        });
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
