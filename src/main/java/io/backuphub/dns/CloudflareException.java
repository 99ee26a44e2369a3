package io.backuphub.dns;

import io.backuphub.common.HubException;
import java.time.Duration;
import java.util.List;

/**
 * Cloudflare refused or failed a request: its {@code errors[]} ("code: message") are the problems, and
 * the kind follows Cloudflare's status — 400 invalid, 404 not found, 409 conflict, 429 rate limited,
 * 401/403 forbidden (the token may not do this), 5xx or no answer unavailable.
 */
public class CloudflareException extends HubException {

    public CloudflareException(Kind kind, String detail, List<String> errors, Duration retryAfter) {
        super(kind, "cloudflare-" + kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), detail, errors,
                retryAfter);
    }

    static Kind kindOf(int status) {
        return switch (status) {
            case 400, 422 -> Kind.INVALID;
            case 401, 403 -> Kind.FORBIDDEN;
            case 404 -> Kind.NOT_FOUND;
            case 409 -> Kind.CONFLICT;
            case 429 -> Kind.RATE_LIMITED;
            default -> Kind.UNAVAILABLE;
        };
    }
}
