package io.backuphub.http;

import static io.backuphub.testing.HubApi.jobCount;
import static io.backuphub.testing.Waits.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.backuphub.audit.AuditEntry;
import io.backuphub.audit.AuditRepository;
import io.backuphub.testing.Browser;
import io.backuphub.testing.HubTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * Cross-site request forgery, the way it happens: a real browser holds the hub's Basic credentials
 * (an operator logged in to Swagger UI or Hawtio), then opens another site's page, which makes it
 * post to the hub. The browser attaches the credentials; the hub must refuse to act on them.
 */
@QuarkusTest
@QuarkusTestResource(value = HubTestResource.class, restrictToAnnotatedClass = false)
class CrossSiteBrowserTest {

    @Inject AuditRepository audit;

    private HttpServer evilSite;
    private String hub;

    @BeforeEach
    void startTheOtherSite() throws IOException {
        hub = "http://127.0.0.1:" + RestAssured.port;
        evilSite = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        page("/form", """
                <form id="f" method="POST" action="%s/api/v1/targets/orders/backups"
                      enctype="application/x-www-form-urlencoded"><input name="{}" value="1"></form>
                <script>document.getElementById('f').submit()</script>
                """.formatted(hub));
        page("/fetch", """
                <p id="state">sending</p>
                <script>
                  fetch('%s/api/v1/targets/orders-local/backups', {method: 'POST', mode: 'cors',
                        credentials: 'include', headers: {'Content-Type': 'text/plain'}, body: '{}'})
                    .then(() => document.getElementById('state').textContent = 'sent',
                          () => document.getElementById('state').textContent = 'sent');
                </script>
                """.formatted(hub));
        evilSite.start();
    }

    @AfterEach
    void stopTheOtherSite() {
        evilSite.stop(0);
    }

    @Test
    void anotherSitesPageCannotUseTheBrowsersCredentials() throws Exception {
        // "localhost" and "127.0.0.1" are different sites to a browser.
        String evil = "http://localhost:" + evilSite.getAddress().getPort();
        int jobsBefore = jobCount();
        try (Browser browser = Browser.start()) {
            var driver = browser.driver();
            driver.get(hub.replace("http://", "http://admin:" + HubTestResource.ADMIN_KEY + "@") + "/api/v1/targets");
            assertThat(driver.getPageSource()).as("the browser is logged in").contains("\"orders\"");
            long mark = newestAuditId();

            driver.get(evil + "/form");
            await().atMost(Duration.ofSeconds(20)).until(() -> driver.getCurrentUrl().startsWith(hub));
            assertThat(driver.getPageSource()).as("authenticated, then refused")
                    .contains("urn:backup-hub:problem:cross-site-request");
            awaitRefusal(mark, "admin", "cross-site-request", "/api/v1/targets/orders/backups");

            mark = newestAuditId();
            driver.get(evil + "/fetch");
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> driver.findElement(By.id("state")).getText().equals("sent"));
            // Chromium does not attach Basic credentials to a cross-site fetch at all: the hub sees an
            // anonymous request. (Were they attached, the cross-site check above would refuse it.)
            awaitRefusal(mark, "anonymous", "authenticate", "/api/v1/targets/orders-local/backups");
        }
        assertThat(jobCount()).as("jobs started by the other site").isEqualTo(jobsBefore);
    }

    /** The hub saw the request (as {@code actor}) and refused it, audited as {@code action}. */
    private void awaitRefusal(long after, String actor, String action, String path) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(audit.recent(200, null))
                .filteredOn(e -> e.id() > after)
                .anySatisfy(e -> {
                    assertThat(e.actor()).isEqualTo(actor);
                    assertThat(e.action()).isEqualTo(action);
                    assertThat(e.outcome()).isEqualTo("denied");
                    assertThat(e.detail()).contains("POST " + path);
                }));
    }

    private long newestAuditId() {
        return audit.recent(1, null).stream().mapToLong(AuditEntry::id).findFirst().orElse(0);
    }

    private void page(String path, String html) {
        byte[] body = ("<!doctype html><html><body>" + html + "</body></html>").getBytes(StandardCharsets.UTF_8);
        evilSite.createContext(path, exchange -> {
            exchange.getResponseHeaders().putAll(Map.of("Content-Type", java.util.List.of("text/html; charset=utf-8")));
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
    }
}
