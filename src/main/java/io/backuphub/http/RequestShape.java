package io.backuphub.http;

import java.util.Optional;

/**
 * The shape every request must have before anything decides about it. Access rules are decided on
 * the path the router matches, so anything that makes the raw path and that path differ is refused
 * outright: dot segments, encoded dots, slashes, backslashes, percent signs and semicolons (in any
 * spelling, however often encoded), path parameters, and control characters anywhere.
 */
final class RequestShape {

    /** Longest request line target accepted (path and query). */
    static final int MAX_URI = 4096;

    private RequestShape() {
    }

    /** The reason the request is refused, or empty when its shape is acceptable. */
    static Optional<Problem> problem(String uri, String rawPath, String rawQuery) {
        if (uri != null && uri.length() > MAX_URI) {
            return Optional.of(Problem.of(414, "uri-too-long", "URI too long",
                    "request URIs are limited to " + MAX_URI + " characters"));
        }
        String path = rawPath == null ? "" : rawPath;
        String pathProblem = pathProblem(path);
        if (pathProblem != null) {
            return Optional.of(Problem.of(400, "invalid-request", "Invalid request",
                    "the request path " + pathProblem));
        }
        String queryProblem = rawQuery == null ? null : queryProblem(rawQuery);
        if (queryProblem != null) {
            return Optional.of(Problem.of(400, "invalid-request", "Invalid request",
                    "the query string " + queryProblem));
        }
        return Optional.empty();
    }

    private static String pathProblem(String path) {
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (isControl(c)) {
                return "contains a control character";
            }
            if (c == '\\') {
                return "contains a backslash";
            }
            if (c == ';') {
                return "contains ';' (path parameters are not accepted)";
            }
            if (c == '%') {
                int decoded = hexByte(path, i);
                if (decoded < 0) {
                    return "contains a malformed percent-encoding";
                }
                if (decoded == '.' || decoded == '/' || decoded == '\\' || decoded == '%' || decoded == ';') {
                    return "contains an encoded '" + (char) decoded + "' (encoded dots, slashes, backslashes,"
                            + " percent signs and semicolons are not accepted)";
                }
                if (isControl((char) decoded)) {
                    return "contains an encoded control character";
                }
                i += 2;
            }
        }
        for (String segment : path.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return "contains a dot segment ('.' or '..')";
            }
        }
        return null;
    }

    private static String queryProblem(String query) {
        for (int i = 0; i < query.length(); i++) {
            char c = query.charAt(i);
            if (isControl(c)) {
                return "contains a control character";
            }
            if (c == '%') {
                int decoded = hexByte(query, i);
                if (decoded < 0) {
                    return "contains a malformed percent-encoding";
                }
                if (isControl((char) decoded)) {
                    return "contains an encoded control character";
                }
                i += 2;
            }
        }
        return null;
    }

    /** The byte a %XX escape at {@code at} stands for, or -1 if it is not one. */
    private static int hexByte(String s, int at) {
        if (at + 2 >= s.length()) {
            return -1;
        }
        int high = Character.digit(s.charAt(at + 1), 16);
        int low = Character.digit(s.charAt(at + 2), 16);
        return high < 0 || low < 0 ? -1 : high * 16 + low;
    }

    static boolean isControl(char c) {
        return c < 0x20 || c == 0x7f;
    }
}
