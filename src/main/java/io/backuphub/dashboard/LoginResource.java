package io.backuphub.dashboard;

import io.backuphub.api.AnyPrincipal;
import io.backuphub.audit.AuditRepository;
import io.backuphub.audit.Denials;
import io.backuphub.auth.ApiKey;
import io.backuphub.auth.ApiKeyRepository;
import io.backuphub.auth.AuthProperties;
import io.backuphub.auth.SessionRepository;
import io.backuphub.auth.User;
import io.backuphub.http.ApiKeyAuthenticator;
import io.backuphub.http.AuthThrottle;
import io.backuphub.http.OidcPeople;
import io.quarkus.oidc.OidcSession;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Logging in to the dashboard with an API key or through the OIDC provider, and out. The key is posted
 * once, checked like any API key (a source that keeps posting wrong keys waits, {@link AuthThrottle}),
 * and exchanged for a session: the browser keeps only the session's cookie, never the key. A person
 * signing in through OIDC comes back from the provider's code flow (run by quarkus-oidc on
 * {@code /login/oidc}) and gets the same session, for their user ({@link OidcPeople}). Redirects are relative: they
 * lead to the address the browser used, never one built from the request's Host header. The cookie is
 * Secure when the request came over TLS (behind a proxy: when a trusted proxy says so, quarkus.http.proxy.*).
 */
@Path("/")
public class LoginResource {

    @CheckedTemplate
    static class Templates {

        static native TemplateInstance login(String error, String provider);

        /** After an OIDC sign-in: a page that goes on to the overview (see {@link #oidc()}). */
        static native TemplateInstance signedIn();
    }

    @Inject ApiKeyRepository keys;
    @Inject SessionRepository sessions;
    @Inject AuditRepository audit;
    @Inject Denials denials;
    @Inject AuthThrottle throttle;
    @Inject AuthProperties config;
    @Inject RoutingContext ctx;
    @Inject OidcPeople oidc;
    @Inject OidcSession oidcSession;

    @AnyPrincipal
    @GET
    @Path("login")
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Response page() {
        if (currentSession().isPresent()) {
            return toOverview().build();
        }
        return Pages.html(loginPage(null), 200);
    }

    @AnyPrincipal
    @POST
    @Path("login")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Response login(@FormParam("key") String key) {
        Optional<Duration> wait = throttle.retryAfter(source());
        if (wait.isPresent()) {
            denials.count(source(), "anonymous", "throttled", "POST /login", "too many failed authentications");
            Response page = Pages.html(loginPage("Too many wrong keys from this address: try again in "
                    + wait.get().toSeconds() + " s."), 429);
            return Response.fromResponse(page).header("Retry-After", wait.get().toSeconds()).build();
        }
        Optional<ApiKey> known = keys.find(key == null ? null : key.trim());
        if (known.isEmpty()) {
            throttle.failed(source());
            // Counted with the other refused requests (one audit event per source and minute), not one each.
            denials.count(source(), "anonymous", "dashboard-login", "POST /login", "unknown API key");
            return Pages.html(loginPage("That key is not known."), 401);
        }
        Optional<String> refusal = keys.refusal(known.get(), source());
        if (refusal.isPresent()) {
            denials.count(source(), known.get().principal().id(), "dashboard-login", "POST /login", refusal.get());
            return Pages.html(loginPage(refusal.get() + "."), 401);
        }
        throttle.succeeded(source());
        SessionRepository.Opened opened = sessions.open(known.get());
        audit.record(known.get().principal().id(), "dashboard.login", "dashboard", source(), "succeeded", null);
        return toOverview().cookie(SessionCookie.of(opened.token(), config.dashboard().sessionMax(), secure()))
                .build();
    }

    /**
     * Where the OIDC provider's code flow ends (quarkus.http.auth.permission.oidc-login): the person it
     * vouches for gets a dashboard session, and quarkus-oidc's own session cookie is dropped, so that
     * the hub's session, its idle and maximum ages, logout and the person's role are the one truth. The
     * answer is a page that goes on to the overview rather than a redirect: the browser arrives here at
     * the end of a navigation that started on the provider's site, which would not carry the
     * SameSite=Strict session cookie on to the overview.
     */
    @AnyPrincipal
    @GET
    @Path("login/oidc")
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Response oidc() {
        if (!oidc.enabled()) {
            return Pages.html(loginPage("Single sign-on is not set up on this hub: log in with an API key."), 404);
        }
        SecurityIdentity identity = ctx.user() instanceof QuarkusHttpUser user ? user.getSecurityIdentity() : null;
        if (identity == null || identity.isAnonymous()) {
            return Response.status(Response.Status.SEE_OTHER).header("Location", "/login").build();
        }
        StringBuilder refusal = new StringBuilder();
        Optional<User> person = oidc.person(identity, refusal);
        oidcSession.logout().await().atMost(Duration.ofSeconds(10));
        if (person.isEmpty()) {
            denials.count(source(), "oidc", "dashboard-login", "GET /login/oidc", refusal.toString());
            return Pages.html(loginPage(refusal + "."), 401);
        }
        SessionRepository.Opened opened = sessions.open(person.get());
        audit.record(person.get().principal().id(), "dashboard.login", "dashboard", source(), "succeeded",
                OidcPeople.VIA);
        return Response.fromResponse(Pages.html(Templates.signedIn(), 200))
                .cookie(SessionCookie.of(opened.token(), config.dashboard().sessionMax(), secure())).build();
    }

    private TemplateInstance loginPage(String error) {
        return Templates.login(error, oidc.enabled() ? config.auth().oidc().providerName() : null);
    }

    /** 303 to the overview, as a relative reference (the JAX-RS location() would make it absolute from Host). */
    private static Response.ResponseBuilder toOverview() {
        return Response.status(Response.Status.SEE_OTHER).header("Location", "/");
    }

    /** Ends the session (a write: the page sends its CSRF token, checked by the HTTP edge). */
    @AnyPrincipal
    @POST
    @Path("logout")
    @Operation(hidden = true)
    public Response logout() {
        SessionRepository.Session session = ctx.get(ApiKeyAuthenticator.SESSION);
        sessionToken().ifPresent(sessions::close);
        if (session != null) {
            audit.record(session.principal().id(), "dashboard.logout", "dashboard", source(), "succeeded", null);
        }
        return Response.noContent().cookie(SessionCookie.cleared(secure())).build();
    }

    private Optional<SessionRepository.Session> currentSession() {
        return sessionToken().flatMap(sessions::find);
    }

    private Optional<String> sessionToken() {
        return Optional.ofNullable(ctx.request().getCookie(ApiKeyAuthenticator.SESSION_COOKIE))
                .map(io.vertx.core.http.Cookie::getValue);
    }

    private boolean secure() {
        return "https".equals(ctx.request().scheme());
    }

    private String source() {
        return ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress();
    }
}
