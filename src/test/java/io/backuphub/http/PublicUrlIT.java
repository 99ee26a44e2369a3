package io.backuphub.http;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import io.backuphub.testing.Files2;
import io.backuphub.testing.PackagedHub;
import io.backuphub.testing.Processes;
import io.backuphub.testing.RawHttp;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged hub as the README starts it, opened at its own public URL (the default's shape:
 * http://localhost:<port>), and the same hub behind a TLS proxy it trusts (quarkus.http.proxy.*):
 * the session cookie is Secure there, redirects never come from the Host header, and the audit log
 * names the client, not the proxy.
 */
class PublicUrlIT {

    private static final String KEY = "public-url-admin-key-0123456789abcdef";
    private static final RestAssuredConfig PATIENCE = RestAssuredConfig.config().httpClient(HttpClientConfig
            .httpClientConfig().setParam("http.socket.timeout", 10_000).setParam("http.connection.timeout", 10_000));
    private static Path work;
    private static PackagedHub hub;

    @BeforeAll
    static void start() throws Exception {
        work = Files.createTempDirectory("hub-public-url-");
        Files.writeString(work.resolve("targets.yaml"), "targets: []\n");
        int port = Processes.freePort();
        hub = PackagedHub.start(port, KEY, Map.of("hub.data.dir", work.resolve("data").toString(),
                "hub.targets.file", work.resolve("targets.yaml").toString(),
                "hub.schedules.file", work.resolve("none.yaml").toString(),
                "hub.notifications.file", work.resolve("none.yaml").toString(),
                "hub.public-url", "http://localhost:" + port,
                "quarkus.http.proxy.proxy-address-forwarding", "true",
                "quarkus.http.proxy.allow-x-forwarded", "true",
                "quarkus.http.proxy.trusted-proxies", "127.0.0.1"), work.resolve("hub.log"));
    }

    @AfterAll
    static void stop() {
        if (hub != null) {
            hub.close();
        }
        Files2.deleteTree(work);
    }

    @Test
    void atItsPublicUrlTheDashboardLogsInAndEveryKindOfCredentialIsAnswered() {
        String own = "http://localhost:" + hub.port();
        Response login = given().config(PATIENCE).baseUri("http://localhost").port(hub.port()).redirects()
                .follow(false).header("Origin", own).formParam("key", KEY).post("/login");
        assertThat(login.statusCode()).isEqualTo(303);
        assertThat(login.header("Location")).isEqualTo("/");
        String session = login.getCookie(ApiKeyAuthenticator.SESSION_COOKIE);
        assertThat(session).isNotBlank();
        given().config(PATIENCE).baseUri("http://localhost").port(hub.port()).auth().preemptive().basic("p", KEY)
                .get("/q/metrics").then().statusCode(200).body(containsString("jvm_"));
        given().config(PATIENCE).baseUri("http://localhost").port(hub.port())
                .cookie(ApiKeyAuthenticator.SESSION_COOKIE, session).get("/api/v1/targets").then().statusCode(200);
    }

    @Test
    void behindATrustedTlsProxyTheCookieIsSecureAndTheClientIsAudited() throws Exception {
        String form = "key=" + URLEncoder.encode(KEY, StandardCharsets.UTF_8);
        Map<String, String> forwarded = Map.of("Host", "hub.example.com", "X-Forwarded-Proto", "https",
                "X-Forwarded-For", "203.0.113.9", "Origin", "https://hub.example.com",
                "Content-Type", "application/x-www-form-urlencoded");
        RawHttp.Response viaProxy = RawHttp.send(hub.port(), "POST", "/login", forwarded, form);
        assertThat(viaProxy.status()).isEqualTo(303);
        assertThat(viaProxy.header("location")).as("never built from the Host header").isEqualTo("/");
        assertThat(viaProxy.header("set-cookie")).contains(ApiKeyAuthenticator.SESSION_COOKIE + "=").contains("Secure")
                .contains("HttpOnly").containsIgnoringCase("SameSite=Strict");
        List<Map<String, Object>> audit = hub.api().get("/api/v1/audit?limit=20").then().statusCode(200).extract()
                .jsonPath().getList("items");
        assertThat(audit).anySatisfy(e -> {
            assertThat(e.get("action")).isEqualTo("dashboard.login");
            assertThat(e.get("source")).isEqualTo("203.0.113.9");
        });

        // A client that is not a trusted proxy cannot claim TLS or another address.
        RawHttp.Response direct = RawHttp.send("127.0.0.5", hub.port(), "POST", "/login",
                Map.of("Host", "hub.example.com", "X-Forwarded-Proto", "https", "X-Forwarded-For", "198.51.100.7",
                        "Content-Type", "application/x-www-form-urlencoded"),
                form);
        assertThat(direct.status()).isEqualTo(303);
        assertThat(direct.header("set-cookie")).doesNotContain("Secure");
        List<Map<String, Object>> after = hub.api().get("/api/v1/audit?limit=20").then().statusCode(200).extract()
                .jsonPath().getList("items");
        assertThat(after).noneMatch(e -> "198.51.100.7".equals(e.get("source")))
                .anySatisfy(e -> assertThat(e.get("source")).isEqualTo("127.0.0.5"));
    }
}
