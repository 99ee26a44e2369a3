package io.backuphub.dashboard;

import io.backuphub.api.PoliciesResource;
import io.backuphub.api.Requires;
import io.backuphub.api.Views;
import io.backuphub.auth.Permission;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** The policies in use (whom each selects, what it gives, the targets it selects now) and the shipped templates. */
@Path("/policies")
public class PoliciesPageResource {

    /** A policy as the page shows it: the API's view with its selector and settings in words. */
    public record PolicyPart(Views.PolicyView policy, String selector, List<PolicyRows.Row> settings) {

        static PolicyPart of(Views.PolicyView p) {
            return new PolicyPart(p, PolicyRows.selector(p.selector()), PolicyRows.given(p.settings()));
        }
    }

    @CheckedTemplate
    static class Templates {

        static native TemplateInstance policies(List<PolicyPart> policies, List<PolicyPart> templates);
    }

    @Inject PoliciesResource policies;

    @Requires(Permission.BACKUP_VIEW)
    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Response page() {
        return Pages.html(Templates.policies(policies.list().items().stream().map(PolicyPart::of).toList(),
                policies.templates().items().stream().map(PolicyPart::of).toList()), 200);
    }
}
