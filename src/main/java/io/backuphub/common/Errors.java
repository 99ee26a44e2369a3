package io.backuphub.common;

/** Failures as people read them in logs, job records and the API. */
public final class Errors {

    private static final int MAX = 1000;

    private Errors() {
    }

    /**
     * The message and the distinct messages of its causes: "could not connect to SMTP host" alone does
     * not say that the certificate was refused. Cut at 1000 characters. Callers never put a secret in
     * a message.
     */
    public static String describe(Throwable error) {
        if (error == null) {
            return "unknown error";
        }
        StringBuilder text = new StringBuilder(String.valueOf(error.getMessage()));
        int depth = 0;
        for (Throwable cause = error.getCause(); cause != null && cause != error
                && depth < 4; cause = cause.getCause(), depth++) {
            String message = cause.getMessage();
            if (message != null && !text.toString().contains(message)) {
                text.append(": ").append(message);
            }
        }
        return text.length() > MAX ? text.substring(0, MAX) + "…" : text.toString();
    }
}
