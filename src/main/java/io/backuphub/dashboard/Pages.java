package io.backuphub.dashboard;

import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.core.Response;

/**
 * How every dashboard page is answered: HTML that loads only the hub's own scripts and styles (a
 * strict Content-Security-Policy: no inline script, nothing from elsewhere, never framed), not cached.
 */
final class Pages {

    static final String POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private Pages() {
    }

    static Response html(TemplateInstance page, int status) {
        return Response.status(status).type("text/html;charset=UTF-8").entity(page.render())
                .header("Content-Security-Policy", POLICY).header("Cache-Control", "no-store")
                .header("Referrer-Policy", "same-origin").build();
    }
}
