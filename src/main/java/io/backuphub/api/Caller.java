package io.backuphub.api;

import io.backuphub.audit.AuditRepository;
import io.backuphub.http.ApiKeyIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

/** Who is calling and from where, as the HTTP edge authenticated the request; what they did goes to the audit log. */
@RequestScoped
public class Caller {

    @Inject RoutingContext ctx;
    @Inject AuditRepository audit;

    /** Audits what the caller did to {@code resource} and how it ended. */
    public void audit(String action, String resource, String outcome, String detail) {
        audit.record(name(), action, resource, source(), outcome, detail);
    }

    /** The API key's name. */
    public String name() {
        return ctx.user() instanceof QuarkusHttpUser user && !user.getSecurityIdentity().isAnonymous()
                ? user.getSecurityIdentity().getPrincipal().getName() : "anonymous";
    }

    /**
     * The key's current secret (never the secret itself): what the caller is given to use later, such
     * as a restore's confirm token, is bound to it and ends when the key is rotated.
     */
    public String credential() {
        return ctx.user() instanceof QuarkusHttpUser user
                && user.getSecurityIdentity().getAttribute(ApiKeyIdentity.CREDENTIAL) instanceof String credential
                        ? credential : "anonymous";
    }

    /** The client's address (the proxy's, unless quarkus.http.proxy.proxy-address-forwarding is on). */
    public String source() {
        return ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress();
    }
}
