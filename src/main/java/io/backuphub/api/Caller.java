package io.backuphub.api;

import jakarta.inject.Inject;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.RequestScoped;

/** Who is calling and from where, as the HTTP edge authenticated the request: for the audit log. */
@RequestScoped
public class Caller {

    @Inject RoutingContext ctx;

    /** The API key's name. */
    public String name() {
        return ctx.user() instanceof QuarkusHttpUser user && !user.getSecurityIdentity().isAnonymous()
                ? user.getSecurityIdentity().getPrincipal().getName() : "anonymous";
    }

    /** The client's address (the proxy's, unless quarkus.http.proxy.proxy-address-forwarding is on). */
    public String source() {
        return ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress();
    }
}
