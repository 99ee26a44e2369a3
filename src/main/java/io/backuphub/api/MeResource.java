package io.backuphub.api;

import io.backuphub.auth.Principal;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Who the caller is to the hub: what a CI job checks before it relies on a key. */
@Path("/api/v1")
public class MeResource {

    /** The caller's principal, role, permissions, scope, limits and usage. */
    public record Me(String principal, String kind, String name, String role, List<String> permissions,
            List<String> targets, List<String> environments, Quotas.Usage usage) {
    }

    @Inject Caller caller;
    @Inject Quotas quotas;

    @AnyPrincipal
    @GET
    @Path("me")
    @Operation(summary = "The caller: principal, role, permissions, scope, and its limits with what it used of them")
    public Me me() {
        Principal p = caller.principal();
        return new Me(p.id(), p.kind().prefix(), p.name(), p.grant().role().code(), KeysResource.codes(p.grant()),
                p.grant().scope().targets(), p.grant().scope().environments(), quotas.usage(p));
    }
}
