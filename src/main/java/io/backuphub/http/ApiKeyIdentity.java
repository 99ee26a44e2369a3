package io.backuphub.http;

import io.quarkus.security.credential.Credential;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import java.security.Permission;
import java.security.Principal;
import java.util.Map;
import java.util.Set;

/**
 * The identity an API key proves: its name, role and current credential (attribute
 * {@value #CREDENTIAL}). Handed to Vert.x as the request's user, where Camel's platform-http and
 * the servlet container (Hawtio) both find it.
 */
public record ApiKeyIdentity(String name, String role, String credential) implements SecurityIdentity {

    /** The attribute naming the key's current secret ({@code ApiKeyRepository.ApiKey#credential}). */
    public static final String CREDENTIAL = "hub.credential";

    @Override
    public Principal getPrincipal() {
        return this::name;
    }

    @Override
    public boolean isAnonymous() {
        return false;
    }

    @Override
    public Set<String> getRoles() {
        return Set.of(role);
    }

    @Override
    public boolean hasRole(String candidate) {
        return role.equals(candidate);
    }

    @Override
    public Set<Permission> getPermissions() {
        return Set.of();
    }

    @Override
    public <T extends Credential> T getCredential(Class<T> type) {
        return null; // the key itself is never kept
    }

    @Override
    public Set<Credential> getCredentials() {
        return Set.of();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getAttribute(String attribute) {
        return CREDENTIAL.equals(attribute) ? (T) credential : null;
    }

    @Override
    public Map<String, Object> getAttributes() {
        return Map.of(CREDENTIAL, credential);
    }

    @Override
    public Uni<Boolean> checkPermission(Permission permission) {
        return Uni.createFrom().item(false);
    }
}
