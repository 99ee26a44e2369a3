package io.backuphub.http;

import io.backuphub.auth.Principal;
import io.quarkus.security.credential.Credential;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import java.security.Permission;
import java.util.Map;
import java.util.Set;

/**
 * The request's {@link Principal} as Quarkus and Vert.x see a user: its audited id as the name and its
 * role, handed on to Camel's platform-http and the servlet container (Hawtio); attribute
 * {@value #PRINCIPAL} holds the principal itself.
 */
public record HubIdentity(Principal principal) implements SecurityIdentity {

    public static final String PRINCIPAL = "hub.principal";

    @Override
    public java.security.Principal getPrincipal() {
        return principal::id;
    }

    @Override
    public boolean isAnonymous() {
        return false;
    }

    @Override
    public Set<String> getRoles() {
        return Set.of(principal.grant().role().code());
    }

    @Override
    public boolean hasRole(String candidate) {
        return principal.grant().role().code().equals(candidate);
    }

    @Override
    public Set<Permission> getPermissions() {
        return Set.of();
    }

    @Override
    public <T extends Credential> T getCredential(Class<T> type) {
        return null; // the secret itself is never kept
    }

    @Override
    public Set<Credential> getCredentials() {
        return Set.of();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getAttribute(String attribute) {
        return PRINCIPAL.equals(attribute) ? (T) principal : null;
    }

    @Override
    public Map<String, Object> getAttributes() {
        return Map.of(PRINCIPAL, principal);
    }

    @Override
    public Uni<Boolean> checkPermission(Permission permission) {
        return Uni.createFrom().item(false);
    }
}
