package io.backuphub.audit;

import java.time.Instant;

/** One audit event: who ({@code actor}) did what, to what, from where ({@code source}), and how it ended. */
public record AuditEntry(long id, Instant occurredAt, String actor, String action, String resource, String source,
        String outcome, String detail) {
}
