package io.backuphub.api;

import io.backuphub.audit.AuditLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.apache.camel.Exchange;

/** /api/v1/audit: the append-only audit log, newest first. */
@ApplicationScoped
@Named("auditApi")
public class AuditApi {

    private final AuditLog audit;

    public AuditApi(AuditLog audit) {
        this.audit = audit;
    }

    public void list(Exchange exchange) {
        int limit = ApiSupport.limitQuery(exchange, JobsApi.DEFAULT_LIMIT, JobsApi.MAX_LIMIT);
        List<AuditLog.Event> found = audit.recent(limit + 1, cursor(exchange));
        ApiSupport.respond(exchange, 200, Views.Page.of(found, limit, event -> event, event -> encode(event.id())));
    }

    private static Long cursor(Exchange exchange) {
        String cursor = ApiSupport.query(exchange, "cursor");
        if (cursor == null) {
            return null;
        }
        try {
            return Long.parseLong(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("cursor is not one this API returned");
        }
    }

    private static String encode(long id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Long.toString(id).getBytes(StandardCharsets.UTF_8));
    }
}
