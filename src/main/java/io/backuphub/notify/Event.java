package io.backuphub.notify;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/**
 * Something people may want to hear about; the JSON body of a generic webhook notification. Made with
 * {@link #of}: the type and what it is about, then what else it has.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Event(String event, String targetId, String environment, String jobId, String status, String error,
        Long bytes, Long durationMs, Instant occurredAt, String link, Map<String, Object> detail) {

    /** An event of {@code type} about a target (null for none: a store's), in its environment, now. */
    public static Builder of(EventType type, String targetId, String environment) {
        return new Builder(type.id(), targetId, environment);
    }

    /** The rest of an event, each optional; {@link #build} stamps it with now unless {@link #at} says when. */
    public static final class Builder {

        private final String event;
        private final String targetId;
        private final String environment;
        private String jobId;
        private String status;
        private String error;
        private Long bytes;
        private Long durationMs;
        private Instant occurredAt;
        private String link;
        private Map<String, Object> detail;

        Builder(String event, String targetId, String environment) {
            this.event = event;
            this.targetId = targetId;
            this.environment = environment;
        }

        public Builder job(String jobId, String link) {
            this.jobId = jobId;
            this.link = link;
            return this;
        }

        public Builder status(String status) {
            this.status = status;
            return this;
        }

        public Builder error(String error) {
            this.error = error;
            return this;
        }

        public Builder bytes(Long bytes) {
            this.bytes = bytes;
            return this;
        }

        public Builder duration(Long durationMs) {
            this.durationMs = durationMs;
            return this;
        }

        public Builder at(Instant occurredAt) {
            this.occurredAt = occurredAt;
            return this;
        }

        public Builder detail(Map<String, Object> detail) {
            this.detail = detail;
            return this;
        }

        public Event build() {
            return new Event(event, targetId, environment, jobId, status, error, bytes, durationMs,
                    occurredAt == null ? Instant.now() : occurredAt, link, detail);
        }
    }

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
