package io.backuphub.http;

import io.backuphub.auth.Principal;
import io.backuphub.auth.Role;
import io.backuphub.auth.Scope;

/**
 * Who may open Hawtio and call its Jolokia agent: the console watches the routes live and starts and
 * stops them (what its agent may do is {@code ops.JolokiaPolicy}'s to decide), so it is for admins
 * whose scope is every target: the console knows no scopes.
 */
final class ConsoleAccess {

    private ConsoleAccess() {
    }

    static boolean allows(Principal principal) {
        return principal.grant().role() == Role.ADMIN && principal.grant().permissions().equals(
                Role.ADMIN.permissions()) && principal.grant().scope().equals(Scope.ALL);
    }
}
