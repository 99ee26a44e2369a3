package io.backuphub.api;

import java.util.List;

/**
 * An error the API reports as application/problem+json (RFC 9457). {@code type} is a stable slug
 * clients can switch on; {@code errors} lists every field problem when there are several.
 */
public class ApiException extends RuntimeException {

    public static final String TYPE_PREFIX = "urn:backup-hub:problem:";

    private final int status;
    private final String type;
    private final String title;
    private final List<String> errors;

    public ApiException(int status, String type, String title, String detail, List<String> errors) {
        super(detail);
        this.status = status;
        this.type = type;
        this.title = title;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(400, "invalid-request", "Invalid request", detail, null);
    }

    public static ApiException badRequest(String detail, List<String> errors) {
        return new ApiException(400, "invalid-request", "Invalid request", detail, errors);
    }

    public static ApiException notFound(String what) {
        return new ApiException(404, "not-found", "Not found", what, null);
    }

    public static ApiException conflict(String detail) {
        return new ApiException(409, "conflict", "Conflict", detail, null);
    }

    public static ApiException tooLarge(int limit) {
        return new ApiException(413, "payload-too-large", "Request body too large",
                "request bodies are limited to " + limit + " bytes", null);
    }

    public static ApiException unsupportedMediaType(String got) {
        return new ApiException(415, "unsupported-media-type", "Unsupported media type",
                "send application/json, not " + got, null);
    }

    public int status() {
        return status;
    }

    public String type() {
        return TYPE_PREFIX + type;
    }

    public String title() {
        return title;
    }

    public List<String> errors() {
        return errors;
    }

    /** Response headers that belong to this problem, such as Retry-After. */
    public java.util.Map<String, Object> headers() {
        return java.util.Map.of();
    }
}
