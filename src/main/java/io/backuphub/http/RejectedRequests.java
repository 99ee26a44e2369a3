package io.backuphub.http;

import io.backuphub.audit.AuditRepository;
import io.backuphub.catalog.CatalogException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Writes the hub refused (a 4xx or 5xx answer to anything but a read) are audited like accepted ones:
 * who tried what, from where, and why it was refused. Failed authentications are counted apart
 * ({@link io.backuphub.audit.Denials}), so they are left out here.
 */
@ApplicationScoped
public class RejectedRequests {

    private static final Logger LOG = Logger.getLogger(RejectedRequests.class);

    @Inject AuditRepository audit;

    public void record(String method, String path, String actor, String source, Problem problem) {
        if ("GET".equals(method) || "HEAD".equals(method) || problem.status() == 401) {
            return;
        }
        try {
            audit.record(actor, method + " " + path, path, source, "rejected " + problem.status(), problem.detail());
        } catch (CatalogException e) {
            LOG.errorf("could not audit a rejected request: %s", e.getMessage());
        }
    }
}
