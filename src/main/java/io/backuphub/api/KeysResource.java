package io.backuphub.api;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.backuphub.auth.ApiKey;
import io.backuphub.auth.ApiKeyRepository;
import io.backuphub.auth.AuthProperties;
import io.backuphub.auth.Cidr;
import io.backuphub.auth.Grant;
import io.backuphub.auth.KeySpec;
import io.backuphub.auth.Limits;
import io.backuphub.auth.Permission;
import io.backuphub.auth.Principal;
import io.backuphub.common.HubException;
import io.backuphub.common.Ids;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * API keys with a lifecycle: made with a role, narrower permissions, a scope, an expiry, source
 * addresses and limits; the secret shown once; rotated with a grace for the old secret; revoked at once.
 * A manager sees and changes only keys that can do no more than it can itself (a rotation hands over the
 * key's secret), and makes none that can do more.
 */
@Path("/api/v1")
public class KeysResource {

    /** A key as listed: never its secret or hash. */
    public record KeyView(String id, String name, String principal, String owner, String role,
            List<String> permissions, List<String> targets, List<String> environments, Limits limits,
            List<String> allowedCidrs, Instant createdAt, String createdBy, Instant expiresAt, Instant lastUsedAt,
            String lastUsedFrom, Instant revokedAt,
            @Schema(description = "after a rotation, until when the old secret still works") Instant oldSecretValidUntil) {

        static KeyView of(ApiKey k) {
            Grant g = k.grant();
            Instant grace = k.previousValidUntil() != null && k.previousValidUntil().isAfter(Instant.now())
                    ? k.previousValidUntil() : null;
            return new KeyView(k.id(), k.name(), k.principal().id(), k.owner(), g.role().code(), codes(g),
                    g.scope().targets(), g.scope().environments(), k.limits(),
                    k.allowedCidrs().stream().map(Cidr::toString).toList(), k.createdAt(), k.createdBy(),
                    k.expiresAt(), k.lastUsedAt(), k.lastUsedFrom(), k.revokedAt(), grace);
        }
    }

    /** A key just made or rotated, with its secret: shown this once. */
    public record IssuedKey(@JsonUnwrapped KeyView key,
            @Schema(description = "the secret, shown this once: send it in X-API-Key") String secret) {
    }

    /** Body of a rotation: how long the old secret keeps working (0: it stops now). */
    public record RotateRequest(Long graceSeconds) {
    }

    @Inject ApiKeyRepository keys;
    @Inject AuthProperties config;
    @Inject Caller caller;
    @Inject Quotas quotas;

    @Requires(Permission.KEYS_MANAGE)
    @POST
    @Path("keys")
    @Operation(summary = "Create an API key: {name, role, permissions?, targets?, environments?, expiresAt? |"
            + " expiresInDays?, allowedCidrs?, limits?}; the answer shows its secret, once")
    @APIResponse(responseCode = "201", description = "Created, with its secret (shown this once); Location names it", content = @Content(mediaType = "application/json", schema = @Schema(implementation = IssuedKey.class)))
    public RestResponse<IssuedKey> create(KeySpec body) {
        if (body == null) {
            throw HubException.invalid("send the key to create: {\"name\", \"role\"}, at least");
        }
        Principal creator = caller.principal();
        KeySpec.Resolved spec = body.resolve(creator, config.auth().keys().maxLifetime(), Instant.now());
        String owner = creator.kind() == Principal.Kind.USER ? creator.id() : null;
        ApiKeyRepository.Issued issued = keys.create(spec, owner, caller.name());
        caller.audit("key.create", "key/" + issued.key().name(), "succeeded", describe(issued.key()));
        return Answers.created(new IssuedKey(KeyView.of(issued.key()), issued.secret()),
                "/api/v1/keys/" + issued.key().id());
    }

    @Requires(Permission.KEYS_MANAGE)
    @GET
    @Path("keys")
    @Operation(summary = "API keys, revoked ones included: role, permissions, scope, expiry, last use; never a secret")
    public Page<KeyView> list() {
        return Page.all(keys.list().stream().filter(this::manageable).map(KeyView::of).toList());
    }

    @Requires(Permission.KEYS_MANAGE)
    @GET
    @Path("keys/{id}")
    @Operation(summary = "One API key")
    public KeyView get(@PathParam("id") String id) {
        return KeyView.of(key(id));
    }

    @Requires(Permission.KEYS_MANAGE)
    @POST
    @Path("keys/{id}/rotate")
    @Operation(summary = "Give the key a new secret (shown once); the old one keeps working for graceSeconds"
            + " (default 0, at most hub.auth.keys.max-rotation-grace)")
    public IssuedKey rotate(@PathParam("id") String id, RotateRequest body) {
        ApiKey key = changeable(id);
        long grace = body == null || body.graceSeconds() == null ? 0 : body.graceSeconds();
        Duration max = config.auth().keys().maxRotationGrace();
        if (grace < 0 || grace > max.toSeconds()) {
            throw HubException.invalid("graceSeconds must be between 0 and " + max.toSeconds()
                    + " (hub.auth.keys.max-rotation-grace), not " + grace);
        }
        ApiKeyRepository.Issued issued = keys.rotate(key.id(), Duration.ofSeconds(grace));
        caller.audit("key.rotate", "key/" + key.name(), "succeeded", "the old secret works for " + grace + " s more");
        return new IssuedKey(KeyView.of(issued.key()), issued.secret());
    }

    @Requires(Permission.KEYS_MANAGE)
    @DELETE
    @Path("keys/{id}")
    @Operation(summary = "Revoke the key at once, on every replica within 5 s; its dashboard sessions end")
    public RestResponse<Void> revoke(@PathParam("id") String id) {
        ApiKey key = changeable(id);
        if (!keys.revoke(key.id(), Instant.now())) {
            throw HubException.conflict("key " + key.name() + " is revoked already");
        }
        caller.audit("key.revoke", "key/" + key.name(), "succeeded", null);
        return RestResponse.noContent();
    }

    @Requires(Permission.KEYS_MANAGE)
    @GET
    @Path("keys/{id}/usage")
    @Operation(summary = "The key's limits (its own, else its role's) and what it used of them: requests this minute"
            + " (on this replica), backups and restores today, downloads this hour (UTC windows)")
    public Quotas.Usage usage(@PathParam("id") String id) {
        return quotas.usage(key(id).principal());
    }

    /** The key {@code id}, if the caller may manage it: one that can do more than the caller is as unknown (404). */
    private ApiKey key(String id) {
        Ids.require(id, "key");
        return keys.byId(id).filter(this::manageable).orElseThrow(() -> HubException.notFound("no key " + id));
    }

    /** A key the API may change: not the break-glass key, which its own settings manage. */
    private ApiKey changeable(String id) {
        ApiKey key = key(id);
        if (key.isBreakGlass()) {
            throw HubException.conflict("the break-glass admin key is set with HUB_ADMIN_API_KEY (a new value"
                    + " rotates it) and switched off with hub.auth.admin-key.enabled=false");
        }
        return key;
    }

    private boolean manageable(ApiKey key) {
        return caller.principal().grant().contains(key.grant());
    }

    static List<String> codes(Grant grant) {
        return grant.permissions().stream().sorted().map(Permission::code).toList();
    }

    private static String describe(ApiKey key) {
        return key.grant().role() + " on " + key.grant().scope()
                + (key.expiresAt() == null ? ", no expiry" : ", expires " + key.expiresAt());
    }
}
