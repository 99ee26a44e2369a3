package io.backuphub.http;

import io.backuphub.auth.ApiKeyRepository;

/**
 * Who may open Hawtio and call its Jolokia agent: the console watches the routes live and starts and
 * stops them (what its agent may do is {@code ops.JolokiaPolicy}'s to decide), so it is for admins.
 */
final class ConsoleAccess {

    private ConsoleAccess() {
    }

    static boolean allows(ApiKeyRepository.ApiKey key) {
        return ApiKeyRepository.ADMIN_ROLE.equals(key.role());
    }
}
