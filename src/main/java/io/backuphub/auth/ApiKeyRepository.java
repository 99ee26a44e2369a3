package io.backuphub.auth;

import io.backuphub.catalog.Db;
import io.backuphub.common.HubException;
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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * API keys, stored as SHA-256 hashes (256-bit random secrets: a slow hash adds nothing). On first start
 * with no key at all, the break-glass admin key is generated and written to
 * {@code <data dir>/admin-api-key} (mode 600), never to the log; HUB_ADMIN_API_KEY bootstraps or rotates
 * it instead (at least {@value #MIN_ADMIN_KEY_LENGTH} characters). Other keys are made through the API
 * with a grant, expiry, source addresses and limits; a new secret (a rotation) ends the dashboard
 * sessions made with the key, and what the key was given is bound to its {@link ApiKey#credential()}.
 */
@ApplicationScoped
public class ApiKeyRepository {

    private static final Logger LOG = Logger.getLogger(ApiKeyRepository.class);
    /** How every key the hub makes begins (so that a bearer token can be told from an OIDC provider's). */
    public static final String PREFIX = "bh_";
    /** Online guessing is throttled; a key an admin picks must still be long enough not to be found. */
    public static final int MIN_ADMIN_KEY_LENGTH = 32;
    static final String GENERATED_KEY_FILE = "admin-api-key";
    private static final List<String> KEY_COLUMNS = List.of("id", "name", "owner", "role", "permissions",
            "target_scope", "environment_scope", "limits", "allowed_cidrs", "created_at", "created_by", "expires_at",
            "revoked_at", "last_used_at", "last_used_from", "previous_valid_until", "key_hash");
    private static final String COLUMNS = columns("api_keys");

    /** A key just made or given a new secret: the secret, shown once. */
    public record Issued(ApiKey key, String secret) {
    }

    @Inject Db db;
    @Inject AuthProperties config;
    @Inject HubProperties hub;

    void onStart(@Observes StartupEvent event) {
        Optional<String> bootstrap = config.adminApiKey().filter(k -> !k.isBlank());
        if (bootstrap.isPresent()) {
            checkAdminKey(bootstrap.get());
            upsert(ApiKey.BREAK_GLASS, bootstrap.get(), Role.ADMIN.code());
            LOG.info("admin API key set from HUB_ADMIN_API_KEY");
        } else if (count() == 0) {
            String key = generate();
            upsert(ApiKey.BREAK_GLASS, key, Role.ADMIN.code());
            Path file = hub.data().dir().resolve(GENERATED_KEY_FILE);
            writePrivately(file, key);
            LOG.infof("no API key existed: generated the admin key and wrote it to %s", file.toAbsolutePath());
        }
        if (!config.auth().adminKey().enabled() && otherAdmins() == 0) {
            throw new InvalidConfigException("hub.auth.admin-key.enabled", List.of("is false, but no other admin key"
                    + " exists: create one first (POST /api/v1/keys with role admin), or everyone is locked out"));
        }
    }

    /**
     * The key this secret belongs to, as its current secret or as the old one a rotation left valid for
     * a while; whether it may be used now is {@link ApiKey#refusal}'s to say. Empty when no key has it.
     */
    public Optional<ApiKey> find(String presented) {
        if (presented == null || presented.isEmpty() || presented.length() > 512) {
            return Optional.empty();
        }
        String hash = hash(presented);
        return db.queryOne("SELECT " + COLUMNS + " FROM api_keys WHERE key_hash = ? OR previous_key_hash = ?",
                rs -> row(rs, hash), hash, hash);
    }

    /**
     * Why {@code key} may not be used now from {@code source}: the break-glass key switched off, or the
     * key's own {@link ApiKey#refusal}.
     */
    public Optional<String> refusal(ApiKey key, String source) {
        if (key.isBreakGlass() && !config.auth().adminKey().enabled()) {
            return Optional.of("the break-glass admin key is switched off (hub.auth.admin-key.enabled=false)");
        }
        return key.refusal(Instant.now(), source);
    }

    public Optional<ApiKey> byName(String name) {
        return db.queryOne("SELECT " + COLUMNS + " FROM api_keys WHERE name = ?", rs -> row(rs, null), name);
    }

    public Optional<ApiKey> byId(String id) {
        return db.queryOne("SELECT " + COLUMNS + " FROM api_keys WHERE id = ?", rs -> row(rs, null), id);
    }

    /** Every key, revoked ones included (their history stays), oldest first. */
    public List<ApiKey> list() {
        return db.query("SELECT " + COLUMNS + " FROM api_keys ORDER BY created_at, id", rs -> row(rs, null));
    }

    /** Makes the key {@code spec} resolved to, owned by {@code owner} (null: a service key). */
    public Issued create(KeySpec.Resolved spec, String owner, String createdBy) {
        String secret = generate();
        String id = Ids.next();
        Instant now = Instant.now();
        Grant grant = spec.grant();
        db.transaction(c -> {
            if (!Db.query(c, "SELECT id FROM api_keys WHERE name = ?", rs -> rs.getString(1), spec.name()).isEmpty()) {
                throw HubException.conflict("a key named " + spec.name() + " exists already (names are never reused,"
                        + " so that the audit log stays unambiguous)");
            }
            Db.update(c, "INSERT INTO api_keys (id, name, key_hash, role, permissions, target_scope, environment_scope,"
                    + " owner, created_by, created_at, expires_at, allowed_cidrs, limits)"
                    + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", id, spec.name(), hash(secret), grant.role().code(),
                    GrantColumns.permissions(grant), GrantColumns.list(grant.scope().targets()),
                    GrantColumns.list(grant.scope().environments()), owner, createdBy, now, spec.expiresAt(),
                    GrantColumns.list(spec.allowedCidrs().stream().map(Cidr::toString).toList()),
                    GrantColumns.limits(spec.limits()));
            return null;
        });
        return new Issued(byId(id).orElseThrow(), secret);
    }

    /**
     * Gives the key a new secret; the old one keeps working for {@code grace} (zero: it stops now). The
     * key's dashboard sessions end, on every replica, in the same transaction.
     */
    public Issued rotate(String id, Duration grace) {
        String secret = generate();
        Instant now = Instant.now();
        int changed = db.transaction(c -> {
            Db.update(c, "DELETE FROM dashboard_sessions WHERE key_id = ?", id);
            return Db.update(c, "UPDATE api_keys SET previous_key_hash = key_hash, previous_valid_until = ?,"
                    + " key_hash = ? WHERE id = ? AND revoked_at IS NULL", now.plus(grace), hash(secret), id);
        });
        if (changed == 0) {
            throw HubException.conflict("key " + id + " is revoked: make a new one");
        }
        return new Issued(byId(id).orElseThrow(), secret);
    }

    /** Revokes the key at once (its secrets, old and new, and its dashboard sessions); false if it was already. */
    public boolean revoke(String id, Instant when) {
        return db.transaction(c -> {
            Db.update(c, "DELETE FROM dashboard_sessions WHERE key_id = ?", id);
            return Db.update(c, "UPDATE api_keys SET revoked_at = ?, previous_valid_until = NULL"
                    + " WHERE id = ? AND revoked_at IS NULL", when, id) > 0;
        });
    }

    /** Revokes every key a person owns (they were removed); returns how many. */
    public int revokeOwnedBy(String owner, Instant when) {
        return db.transaction(c -> {
            Db.update(c, "DELETE FROM dashboard_sessions WHERE key_id IN (SELECT id FROM api_keys WHERE owner = ?)",
                    owner);
            return Db.update(c, "UPDATE api_keys SET revoked_at = ? WHERE owner = ? AND revoked_at IS NULL", when,
                    owner);
        });
    }

    /** Notes the key's last use, at most once a minute: a busy key does not write on every request. */
    public void used(String id, String source, Instant when) {
        db.update("UPDATE api_keys SET last_used_at = ?, last_used_from = ? WHERE id = ?"
                + " AND (last_used_at IS NULL OR last_used_at < ?)", when, source, id, when.minusSeconds(60));
    }

    /** Live keys expiring before {@code before} whose warning has not gone out yet. */
    public List<ApiKey> expiringUnwarned(Instant before) {
        return db.query("SELECT " + COLUMNS + " FROM api_keys WHERE revoked_at IS NULL AND expires_at IS NOT NULL"
                + " AND expires_at < ? AND expiry_warned_at IS NULL", rs -> row(rs, null), before);
    }

    /** Marks the key's expiry warning as sent; false when another replica sent it first. */
    public boolean markWarned(String id, Instant when) {
        return db.update("UPDATE api_keys SET expiry_warned_at = ? WHERE id = ? AND expiry_warned_at IS NULL", when,
                id) > 0;
    }

    /**
     * Creates the key {@code name} with the whole of {@code role} everywhere, or gives it a new secret and
     * that role (the break-glass key at start; tests). A new secret ends the dashboard sessions opened
     * with the old one, in the same transaction, on every replica.
     */
    public void upsert(String name, String key, String role) {
        String hash = hash(key);
        Role parsed = Role.of(role).orElseThrow(() -> new IllegalArgumentException("unknown role " + role));
        db.transaction(c -> {
            Optional<String[]> existing = Db.query(c, "SELECT id, key_hash FROM api_keys WHERE name = ?",
                    rs -> new String[]{rs.getString(1), rs.getString(2)}, name).stream().findFirst();
            if (existing.isEmpty()) {
                Db.update(c, "INSERT INTO api_keys (id, name, key_hash, role, created_at, created_by)"
                        + " VALUES (?,?,?,?,?,?)", Ids.next(), name, hash, parsed.code(), Instant.now(), "hub");
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
            Db.update(c, "UPDATE api_keys SET key_hash = ?, role = ?, permissions = NULL, revoked_at = NULL,"
                    + " previous_key_hash = NULL, previous_valid_until = NULL WHERE id = ?", hash, parsed.code(), id);
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

    /** Live keys that can do everything the break-glass key can, everywhere. */
    private int otherAdmins() {
        return db.queryOne("SELECT COUNT(*) FROM api_keys WHERE role = ? AND name <> ? AND revoked_at IS NULL"
                + " AND permissions IS NULL AND target_scope IS NULL AND environment_scope IS NULL"
                + " AND (expires_at IS NULL OR expires_at > ?)", rs -> rs.getInt(1), Role.ADMIN.code(),
                ApiKey.BREAK_GLASS, Instant.now()).orElse(0);
    }

    /** The columns {@link #row} reads, of the table or alias {@code table}. */
    static String columns(String table) {
        return KEY_COLUMNS.stream().map(c -> table + "." + c).collect(Collectors.joining(", "));
    }

    /** A row as a key; {@code presentedHash}: the hash it was found by (null when listed), for its credential. */
    static ApiKey row(ResultSet rs, String presentedHash) throws SQLException {
        String id = rs.getString("id");
        String current = rs.getString("key_hash");
        String hash = presentedHash == null ? current : presentedHash;
        return new ApiKey(id, rs.getString("name"), rs.getString("owner"), GrantColumns.grant(rs),
                GrantColumns.limits(rs), GrantColumns.split(rs.getString("allowed_cidrs")).stream().map(Cidr::parse)
                        .flatMap(Optional::stream).toList(),
                Db.instant(rs, "created_at"), rs.getString("created_by"), Db.instant(rs, "expires_at"),
                Db.instant(rs, "revoked_at"), Db.instant(rs, "last_used_at"), rs.getString("last_used_from"),
                Db.instant(rs, "previous_valid_until"), !hash.equals(current), id + "." + hash.substring(0, 16));
    }

    /** 256 random bits, URL-safe, with the {@code bh_} prefix that secret scanners can look for. */
    public static String generate() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
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
