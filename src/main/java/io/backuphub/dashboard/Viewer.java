package io.backuphub.dashboard;

import io.backuphub.auth.SessionRepository;
import io.backuphub.http.ApiKeyAuthenticator;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Who is looking at a page, for the layout every page shares ({@code inject:viewer} in base.html): the
 * session's key name, and the CSRF token the page's scripts send with writes. Empty on the login page.
 */
@Named("viewer")
@RequestScoped
public class Viewer {

    @Inject RoutingContext ctx;

    public boolean isSignedIn() {
        return session() != null;
    }

    public String getName() {
        SessionRepository.Session session = session();
        return session == null ? null : session.key().name();
    }

    public String getCsrf() {
        SessionRepository.Session session = session();
        return session == null ? null : session.csrfToken();
    }

    private SessionRepository.Session session() {
        return ctx.get(ApiKeyAuthenticator.SESSION);
    }
}
