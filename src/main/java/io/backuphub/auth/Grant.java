package io.backuphub.auth;

import io.backuphub.common.Globs;
import io.backuphub.common.Problems;
import io.backuphub.common.SafeValues;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What a principal may do and where: its role, the permissions it holds (the role's, or fewer, never
 * more) and its scope.
 */
public record Grant(Role role, Set<Permission> permissions, Scope scope) {

    public static final Grant ADMIN = new Grant(Role.ADMIN, Role.ADMIN.permissions(), Scope.ALL);

    public Grant {
        permissions = Set.copyOf(permissions);
        if (!role.permissions().containsAll(permissions)) {
            throw new IllegalArgumentException("role " + role + " does not hold all of " + permissions);
        }
    }

    /** The whole role, everywhere in {@code scope}. */
    public static Grant of(Role role, Scope scope) {
        return new Grant(role, role.permissions(), scope);
    }

    public boolean allows(Permission permission) {
        return permissions.contains(permission);
    }

    /** Whether {@code permission} is held on the target {@code targetId} of {@code environment}. */
    public boolean allows(Permission permission, String targetId, String environment) {
        return allows(permission) && scope.covers(targetId, environment);
    }

    /** Whether everything {@code other} allows, this grant allows too. */
    public boolean contains(Grant other) {
        return permissions.containsAll(other.permissions) && scope.contains(other.scope);
    }

    /**
     * A grant from what a request or a config file says: {@code role} by its code, {@code permissions}
     * (codes; none means the role's), target globs and environments. Every problem is added under its field;
     * null when there is one.
     */
    public static Grant parse(String role, Collection<String> permissions, List<String> targets,
            List<String> environments, Problems problems) {
        Role parsedRole = null;
        if (role == null || role.isBlank()) {
            problems.add("role", "is required: viewer, operator, restorer or admin");
        } else {
            parsedRole = Role.of(role).orElse(null);
            if (parsedRole == null) {
                problems.add("role", "must be viewer, operator, restorer or admin, not " + SafeValues.show(role));
            }
        }
        Set<Permission> held = EnumSet.noneOf(Permission.class);
        for (String code : permissions == null ? List.<String>of() : permissions) {
            Permission permission = code == null ? null : Permission.of(code).orElse(null);
            if (permission == null) {
                problems.add("permissions",
                        "unknown permission " + SafeValues.show(code) + " (docs/security.md lists them)");
            } else if (parsedRole != null && !parsedRole.permissions().contains(permission)) {
                problems.add("permissions", "role " + parsedRole + " does not include " + code
                        + ": a key or user may have fewer permissions than its role, never more");
            } else {
                held.add(permission);
            }
        }
        if (targets != null) {
            Globs.check(targets, "targets", problems);
        }
        for (String environment : environments == null ? List.<String>of() : environments) {
            SafeValues.check(problems, "environments", SafeValues.SLUG, environment);
        }
        if (parsedRole == null || !problems.isEmpty()) {
            return null;
        }
        return new Grant(parsedRole, held.isEmpty() ? parsedRole.permissions() : held,
                new Scope(targets, environments));
    }
}
