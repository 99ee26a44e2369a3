package io.backuphub.api;

import io.backuphub.common.HubException;

/**
 * Thrown from a route that ops edited to refuse requests for a while (a freeze window, a migration):
 * {@code - throwException: {exceptionType: io.backuphub.api.RequestRefused, message: "..."}}.
 * The API answers 503 with the message.
 */
public class RequestRefused extends HubException {

    public RequestRefused(String message) {
        super(Kind.UNAVAILABLE, "request-refused", message);
    }
}
