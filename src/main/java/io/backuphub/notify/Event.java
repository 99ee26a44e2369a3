package io.backuphub.notify;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/** Something people may want to hear about; the JSON body of a generic webhook notification. */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Event(String event, String targetId, String environment, String jobId, String status, String error,
        Long bytes, Long durationMs, Instant occurredAt, String link, Map<String, Object> detail) {

    /** One line for humans: "backup.failed: orders (production) — pg_dump exited with status 1". */
    public String headline() {
        StringBuilder line = new StringBuilder(event);
        if (targetId != null) {
            line.append(": ").append(targetId);
            if (environment != null) {
                line.append(" (").append(environment).append(')');
            }
        }
        if (error != null) {
            String first = error.lines().findFirst().orElse(error);
            line.append(" — ").append(first.length() > 200 ? first.substring(0, 200) + "..." : first);
        }
        return line.toString();
    }

    /** The details, one per line. */
    public String text() {
        StringBuilder text = new StringBuilder(headline()).append('\n');
        append(text, "status", status);
        append(text, "job", jobId);
        append(text, "bytes", bytes);
        append(text, "duration", durationMs == null ? null : durationMs / 1000 + " s");
        append(text, "error", error);
        if (detail != null) {
            detail.forEach((k, v) -> append(text, k, v));
        }
        append(text, "at", occurredAt);
        append(text, "link", link);
        return text.toString();
    }

    private static void append(StringBuilder text, String name, Object value) {
        if (value != null) {
            text.append(name).append(": ").append(value).append('\n');
        }
    }
}
