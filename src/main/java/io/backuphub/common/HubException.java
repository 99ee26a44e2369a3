package io.backuphub.common;

import java.time.Duration;
import java.util.List;

/**
 * Something the hub will not do, said in the domain's words: the request is invalid (with one
 * problem per field), names what does not exist, conflicts with how things are, and so on. Only the
 * HTTP edge turns a {@link Kind} into a status code and an application/problem+json document;
 * {@link #type()} is the stable slug clients switch on ({@code urn:backup-hub:problem:<type>}).
 */
public class HubException extends RuntimeException {

    public enum Kind {
        /** The request is malformed or a value is not acceptable (with field problems). */
        INVALID,
        /** The caller did not prove who it is (a webhook signature, say). */
        UNAUTHENTICATED,
        /** The caller may not do this (a webhook's scope). */
        FORBIDDEN, NOT_FOUND,
        /** The request contradicts the state of things (a pinned artifact, a finished job). */
        CONFLICT,
        /** A file or definition the hub was asked to load does not load; what runs is unchanged. */
        UNPROCESSABLE,
        /** Too many requests; {@link #retryAfter()} says when to come back. */
        RATE_LIMITED,
        /** Refused for now on purpose (a freeze window) or because something it needs is down. */
        UNAVAILABLE
    }

    private final Kind kind;
    private final String type;
    private final List<String> problems;
    private final Duration retryAfter;

    public HubException(Kind kind, String type, String detail, List<String> problems, Duration retryAfter) {
        super(detail);
        this.kind = kind;
        this.type = type;
        this.problems = problems == null ? List.of() : List.copyOf(problems);
        this.retryAfter = retryAfter;
    }

    public HubException(Kind kind, String type, String detail) {
        this(kind, type, detail, null, null);
    }

    public static HubException invalid(String detail) {
        return new HubException(Kind.INVALID, "invalid-request", detail);
    }

    /** Every problem, each naming its field; the detail joins them. */
    public static HubException invalid(Problems problems) {
        return invalid(problems.messages());
    }

    public static HubException invalid(List<String> problems) {
        return new HubException(Kind.INVALID, "invalid-request", String.join("; ", problems), problems, null);
    }

    public static HubException notFound(String detail) {
        return new HubException(Kind.NOT_FOUND, "not-found", detail);
    }

    public static HubException conflict(String detail) {
        return new HubException(Kind.CONFLICT, "conflict", detail);
    }

    public Kind kind() {
        return kind;
    }

    public String type() {
        return type;
    }

    public List<String> problems() {
        return problems;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
