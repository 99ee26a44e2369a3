package io.backuphub.api;

import io.backuphub.audit.Denials;
import io.backuphub.common.HubException;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import java.lang.reflect.Method;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Counts the request against the principal's requests a minute ({@link Quotas}: 429 over it), then
 * refuses an operation to a principal without the permission it {@link Requires} (403), both before the
 * operation reads its body or looks anything up. Refused reads are counted with the other denials (one
 * audit event per source and minute); refused writes are audited one each, like every rejected write.
 */
public class PermissionCheck {

    private static final Logger LOG = Logger.getLogger(PermissionCheck.class);

    @Inject Caller caller;
    @Inject Denials denials;
    @Inject Quotas quotas;

    @ServerRequestFilter(priority = Priorities.AUTHORIZATION)
    public void check(ContainerRequestContext request, ResourceInfo resource) {
        Method method = resource.getResourceMethod();
        if (caller.isSignedIn()) {
            quotas.request(caller.principal(), caller.source());
        }
        if (method == null || method.isAnnotationPresent(AnyPrincipal.class)) {
            return;
        }
        Requires requires = method.getAnnotation(Requires.class);
        if (requires == null) {
            LOG.errorf("%s.%s declares no permission: refused to everyone (add @Requires or @AnyPrincipal)",
                    resource.getResourceClass().getSimpleName(), method.getName());
            throw refusal("this operation declares no permission, so no one may call it");
        }
        if (!caller.may(requires.value())) {
            String reason = caller.principal().lacking(requires.value());
            if ("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod())) {
                denials.count(caller.source(), caller.name(), "forbidden", request.getMethod() + " "
                        + request.getUriInfo().getPath(), reason);
            }
            throw refusal(reason);
        }
    }

    private static HubException refusal(String detail) {
        return new HubException(HubException.Kind.FORBIDDEN, "forbidden", detail);
    }
}
