package io.backuphub.http;

import static io.backuphub.testing.HubApi.api;
import static io.backuphub.testing.HubApi.verifiedBackup;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;

import io.backuphub.audit.AuditProperties;
import io.backuphub.audit.AuditRepository;
import io.backuphub.audit.Denials;
import io.backuphub.auth.ApiKeyRepository;
import io.backuphub.auth.Role;
import io.backuphub.common.HubProperties;
import io.backuphub.testing.HubTestResource;
import io.backuphub.testing.RawHttp;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Who gets in, and what they learn on the way, as a newcomer and a guesser meet the hub: the hub at
 * its own public URL, a failure inside the edge, online key guessing, a rotated key's sessions and
 * tokens, health for strangers, and metrics that strangers cannot flood.
 */
@QuarkusTest
@QuarkusTestResource(value = HubTestResource.class, restrictToAnnotatedClass = false)
class AccessTest {

    private static final String KEY = HubTestResource.ADMIN_KEY;
    /** Answers within this, or the request hung. */
    private static final RestAssuredConfig PATIENCE = RestAssuredConfig.config().httpClient(HttpClientConfig
            .httpClientConfig().setParam("http.socket.timeout", 10_000).setParam("http.connection.timeout", 10_000));

    @Inject ApiKeyRepository keys;
    @Inject AuditRepository audit;
    @Inject HubProperties hub;
    @Inject HttpProperties config;
    @Inject AuditProperties auditLog;

    /** The test hub's hub.public-url is http://localhost:<port>, the address RestAssured and the browser use. */
    @Test
    void atItsOwnPublicUrlLoginBasicAndSessionsAnswer() {
        String own = "http://localhost:" + RestAssured.port;
        assertThat(hub.publicUrl()).isEqualTo(own);
        Response login = given().config(PATIENCE).redirects().follow(false).header("Origin", own)
                .formParam("key", KEY).post("/login");
        assertThat(login.statusCode()).isEqualTo(303);
        assertThat(login.header("Location")).isEqualTo("/");
        String session = login.getCookie(ApiKeyAuthenticator.SESSION_COOKIE);
        assertThat(session).isNotBlank();

        given().config(PATIENCE).auth().preemptive().basic("prometheus", KEY).get("/q/metrics").then()
                .statusCode(200).body(containsString("jvm_"));
        given().config(PATIENCE).auth().preemptive().basic("ci", KEY).header("Origin", own)
                .contentType("application/json").body("{}").post("/api/v1/targets/no-such-target/backups").then()
                .statusCode(404);
        given().config(PATIENCE).cookie(ApiKeyAuthenticator.SESSION_COOKIE, session).get("/api/v1/targets").then()
                .statusCode(200);
        given().config(PATIENCE).cookie(ApiKeyAuthenticator.SESSION_COOKIE, session).accept("text/html").get("/")
                .then().statusCode(200);
    }

    /**
     * Whatever fails inside the edge, on the event loop or in a callback after the catalog answered,
     * is answered 500 problem+json: never a request left without an answer.
     */
    @Test
    void aFailureInsideTheEdgeIsAProblemNotAHang() {
        QuarkusMock.installMockForType(new Denials(audit, auditLog) {

            @Override
            public void count(String source, String actor, String action, String resource, String reason) {
                throw new IllegalStateException("a failure inside the edge");
            }
        }, Denials.class);
        // Refused cross-site: counted on the event loop (login) ...
        given().config(PATIENCE).redirects().follow(false).header("Origin", "http://evil.example")
                .formParam("key", KEY).post("/login").then().statusCode(500)
                .contentType(startsWith("application/problem+json")).body("detail", containsString("incident"));
        // ... and after a key was looked up in the catalog (a key no request has used yet).
        String fresh = ApiKeyRepository.generate();
        keys.upsert("edge-failure-" + System.nanoTime(), fresh, Role.ADMIN.code());
        given().config(PATIENCE).auth().preemptive().basic("x", fresh).header("Origin", "http://evil.example")
                .contentType("application/json").body("{}").post("/api/v1/targets/orders/backups").then()
                .statusCode(500).contentType(startsWith("application/problem+json"));
    }

    /**
     * A source that keeps presenting wrong keys waits, growing, and while it waits even the right key
     * is refused (429 with Retry-After): guessing online stops paying. Other sources are not affected.
     */
    @Test
    void guessingKeysMakesTheSourceWait() throws Exception {
        int port = RestAssured.port;
        String guesser = "127.0.0.71";
        int free = config.auth().freeFailures();
        for (int i = 0; i <= free; i++) {
            assertThat(RawHttp.send(guesser, port, "GET", "/api/v1/targets", Map.of("X-API-Key", "guess-" + i), null)
                    .status()).as("guess %d", i).isEqualTo(401);
        }
        RawHttp.Response waiting = RawHttp.send(guesser, port, "GET", "/api/v1/targets", Map.of("X-API-Key", KEY),
                null);
        assertThat(waiting.status()).isEqualTo(429);
        assertThat(waiting.contentType()).startsWith("application/problem+json");
        long retryAfter = Long.parseLong(waiting.header("retry-after"));
        assertThat(retryAfter).isBetween(1L, config.auth().lockout().toSeconds() + 1);
        assertThat(RawHttp.send("127.0.0.72", port, "GET", "/api/v1/targets", Map.of("X-API-Key", KEY), null).status())
                .as("another source").isEqualTo(200);
        Thread.sleep(retryAfter * 1000 + 200);
        assertThat(RawHttp.send(guesser, port, "GET", "/api/v1/targets", Map.of("X-API-Key", KEY), null).status())
                .as("after the wait, the right key").isEqualTo(200);

        // The login page: the same, shown as a page.
        String loginGuesser = "127.0.0.73";
        Map<String, String> form = Map.of("Content-Type", "application/x-www-form-urlencoded");
        for (int i = 0; i <= free; i++) {
            assertThat(RawHttp.send(loginGuesser, port, "POST", "/login", form, "key=guess-" + i).status())
                    .isEqualTo(401);
        }
        RawHttp.Response page = RawHttp.send(loginGuesser, port, "POST", "/login", form,
                "key=" + URLEncoder.encode(KEY, StandardCharsets.UTF_8));
        assertThat(page.status()).isEqualTo(429);
        assertThat(page.header("retry-after")).isNotBlank();
        assertThat(page.header("set-cookie")).as("no session while waiting").isNull();
        assertThat(page.body()).contains("try again in");
    }

    /** A key given a new secret takes its dashboard sessions and its restore confirm tokens with it. */
    @Test
    void aRotatedKeyEndsItsSessionsAndTokens() {
        String name = "rotating-" + System.nanoTime();
        String before = ApiKeyRepository.generate();
        keys.upsert(name, before, Role.ADMIN.code());
        String artifactId = verifiedBackup("restore-src");
        String body = "{\"targetId\":\"restore-dest\",\"database\":\"rotated_db\"";
        String token = given().header("X-API-Key", before).contentType("application/json").body(body + "}")
                .post("/api/v1/artifacts/" + artifactId + "/restores/preview").then().statusCode(200).extract()
                .path("confirm");
        String session = given().redirects().follow(false).formParam("key", before).post("/login")
                .getCookie(ApiKeyAuthenticator.SESSION_COOKIE);
        given().cookie(ApiKeyAuthenticator.SESSION_COOKIE, session).get("/api/v1/targets").then().statusCode(200);

        String after = ApiKeyRepository.generate();
        keys.upsert(name, after, Role.ADMIN.code()); // what a restart with a new HUB_ADMIN_API_KEY does

        given().cookie(ApiKeyAuthenticator.SESSION_COOKIE, session).get("/api/v1/targets").then().statusCode(401);
        given().header("X-API-Key", after).contentType("application/json")
                .body(body + ",\"confirm\":\"" + token + "\"}").post("/api/v1/artifacts/" + artifactId + "/restores")
                .then().statusCode(409).body("detail", containsString("does not match"));
        given().header("X-API-Key", after).get("/api/v1/targets").then().statusCode(200);
    }

    /** Health tells a stranger up or down; which store fails and why is for callers with a key. */
    @Test
    void healthAnswersStrangersWithItsStatusAlone() {
        for (String path : new String[]{"/q/health", "/q/health/ready", "/q/health/live", "/q/health/started"}) {
            Response keyed = api().get(path);
            assertThat(keyed.jsonPath().getList("checks")).as(path).isNotNull();
            if (!path.endsWith("/started")) { // the hub has no start-up checks
                assertThat(keyed.jsonPath().getList("checks")).as(path).isNotEmpty();
            }
            Response anonymous = given().get(path);
            assertThat(anonymous.statusCode()).as(path).isEqualTo(keyed.statusCode());
            assertThat(anonymous.jsonPath().getMap("")).as(path)
                    .isEqualTo(Map.of("status", keyed.jsonPath().getString("status")));
        }
        given().header("X-API-Key", "not-a-key").get("/q/health/ready").then().statusCode(401);
    }

    /**
     * Requests strangers make up (no key, paths nobody serves) add no uri series to the HTTP metrics,
     * so the series budget stays for the real endpoints.
     */
    @Test
    void strangersCannotSpendTheMetricsSeriesBudget() {
        for (int i = 0; i < 400; i++) {
            given().get("/hawtio/unauth-card-" + i).then().statusCode(401);
        }
        for (int i = 0; i < 20; i++) {
            api().get("/api/v1/made-up-" + i).then().statusCode(404);
        }
        api().get("/api/v1/targets").then().statusCode(200);
        api().get("/hawtio/jolokia/version").then().statusCode(200);
        String metrics = api().get("/q/metrics").then().statusCode(200).extract().asString();
        Set<String> uris = Arrays.stream(metrics.split("\n")).filter(l -> l.startsWith("http_server_requests"))
                .map(l -> l.replaceAll(".*uri=\"([^\"]*)\".*", "$1")).collect(Collectors.toSet());
        assertThat(uris).contains("/api/v1/targets", "/hawtio").noneMatch(u -> u.contains("unauth-card"))
                .noneMatch(u -> u.contains("made-up"));
        assertThat(uris.size()).as("uri values: %s", uris).isLessThan(100);
    }
}
