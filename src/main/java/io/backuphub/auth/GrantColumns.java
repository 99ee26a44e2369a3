package io.backuphub.auth;

import com.fasterxml.jackson.core.type.TypeReference;
import io.backuphub.catalog.Db;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A grant and limits as keys and users keep them in the catalog: {@code role} (NULL: none yet),
 * {@code permissions} (comma-separated, NULL: all of the role's), {@code target_scope} and
 * {@code environment_scope} (comma-separated, NULL: not narrowed), {@code limits} (JSON, NULL: none).
 */
final class GrantColumns {

    private static final TypeReference<Limits> LIMITS = new TypeReference<>() {
    };

    private GrantColumns() {
    }

    /** The row's grant; a row without a role holds no permission (a person an admin has not given one yet). */
    static Grant grant(ResultSet rs) throws SQLException {
        Optional<Role> role = Optional.ofNullable(rs.getString("role")).flatMap(Role::of);
        Scope scope = new Scope(split(rs.getString("target_scope")), split(rs.getString("environment_scope")));
        if (role.isEmpty()) {
            return new Grant(Role.VIEWER, Set.of(), scope);
        }
        Set<Permission> permissions = rs.getString("permissions") == null ? role.get().permissions()
                : split(rs.getString("permissions")).stream().map(Permission::of).flatMap(Optional::stream)
                        .filter(role.get().permissions()::contains)
                        .collect(Collectors.toCollection(() -> EnumSet.noneOf(Permission.class)));
        return new Grant(role.get(), permissions, scope);
    }

    static Limits limits(ResultSet rs) throws SQLException {
        String limits = rs.getString("limits");
        return limits == null ? Limits.NONE : Db.fromJson(limits, LIMITS);
    }

    static String limits(Limits limits) {
        return limits == null || limits.equals(Limits.NONE) ? null : Db.json(limits);
    }

    /** The permissions column: NULL when the grant holds all of its role's. */
    static String permissions(Grant grant) {
        return grant.permissions().equals(grant.role().permissions()) ? null
                : grant.permissions().stream().sorted().map(Permission::code).collect(Collectors.joining(","));
    }

    static List<String> split(String column) {
        return column == null || column.isEmpty() ? List.of() : Arrays.asList(column.split(","));
    }

    static String list(List<String> values) {
        return values.isEmpty() ? null : String.join(",", values);
    }
}
