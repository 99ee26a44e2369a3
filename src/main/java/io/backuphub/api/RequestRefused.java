package io.backuphub.api;

/**
 * Thrown from a route that ops edited to refuse requests for a while (a freeze window, a migration):
 * {@code - throwException: {exceptionType: io.backuphub.api.RequestRefused, message: "..."}}.
 * The API answers 503 with the message.
 */
public class RequestRefused extends ApiException {

    public RequestRefused(String message) {
        super(503, "request-refused", "Request refused", message, null);
    }
}
