package io.backuphub.dashboard;

import io.backuphub.api.Caller;
import io.backuphub.auth.Permission;
import io.backuphub.auth.SessionRepository;
import io.backuphub.http.ApiKeyAuthenticator;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Who is looking at a page, for the layout every page shares ({@code inject:viewer} in base.html): the
 * principal and its role for "signed in as", what it may do (a page shows only the actions its viewer
 * may take: {@code inject:viewer.may('backup.delete')}), and the CSRF token the page's scripts send
 * with writes. Not signed in on the login page.
 */
@Named("viewer")
@RequestScoped
public class Viewer {

    @Inject RoutingContext ctx;
    @Inject Caller caller;

    public boolean isSignedIn() {
        return session() != null;
    }

    /** The principal as the audit log names it: {@code admin}, {@code key:ci-deploy}. */
    public String getName() {
        return caller.name();
    }

    public String getRole() {
        return caller.principal().grant().role().code();
    }

    /** Whether the viewer holds the permission {@code code} ({@code backup.delete}); an unknown code is never held. */
    public boolean may(String code) {
        return Permission.of(code).map(caller::may).orElse(false);
    }

    public String getCsrf() {
        SessionRepository.Session session = session();
        return session == null ? null : session.csrfToken();
    }

    private SessionRepository.Session session() {
        return ctx.get(ApiKeyAuthenticator.SESSION);
    }
}
