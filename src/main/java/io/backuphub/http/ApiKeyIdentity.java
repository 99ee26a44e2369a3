package io.backuphub.http;

import io.quarkus.security.credential.Credential;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import java.security.Permission;
import java.security.Principal;
import java.util.Map;
import java.util.Set;

/**
 * The identity an API key proves: its name and role. Handed to Vert.x as the request's user, where
 * Camel's platform-http and the servlet container (Hawtio) both find it.
 */
record ApiKeyIdentity(String name, String role) implements SecurityIdentity {

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
    public <T> T getAttribute(String attribute) {
        return null;
    }

    @Override
    public Map<String, Object> getAttributes() {
        return Map.of();
    }

    @Override
    public Uni<Boolean> checkPermission(Permission permission) {
        return Uni.createFrom().item(false);
    }
}
