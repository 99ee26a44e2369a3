package io.backuphub.dashboard;

import io.backuphub.http.ApiKeyAuthenticator;
import jakarta.ws.rs.core.NewCookie;
import java.time.Duration;

/**
 * The dashboard's session cookie: HttpOnly (no script reads it), SameSite=Strict (no other site's
 * request carries it), Secure when the hub is reached over TLS, scoped to the whole hub.
 */
final class SessionCookie {

    private SessionCookie() {
    }

    static NewCookie of(String token, Duration maxAge, boolean secure) {
        return new NewCookie.Builder(ApiKeyAuthenticator.SESSION_COOKIE).value(token).path("/").httpOnly(true)
                .secure(secure).sameSite(NewCookie.SameSite.STRICT).maxAge((int) maxAge.toSeconds()).build();
    }

    /** The cookie that ends it in the browser. */
    static NewCookie cleared(boolean secure) {
        return new NewCookie.Builder(ApiKeyAuthenticator.SESSION_COOKIE).value("").path("/").httpOnly(true)
                .secure(secure).sameSite(NewCookie.SameSite.STRICT).maxAge(0).build();
    }
}
