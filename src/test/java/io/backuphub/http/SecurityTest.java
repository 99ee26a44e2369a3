package io.backuphub.http;

import static io.backuphub.testing.HubApi.api;
import static io.backuphub.testing.HubApi.jobCount;
import static io.backuphub.testing.Waits.await;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.backuphub.audit.AuditEntry;
import io.backuphub.audit.AuditRepository;
import io.backuphub.testing.HubTestResource;
import io.backuphub.testing.RawHttp;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP edge as an attacker meets it: traversal past the public prefixes, request data echoed into
 * responses, control characters, form posts and cross-site writes with a browser's credentials.
 */
@QuarkusTest
@QuarkusTestResource(value = HubTestResource.class, restrictToAnnotatedClass = false)
class SecurityTest {

    private static final String KEY = HubTestResource.ADMIN_KEY;
    private static final String SOME_ID = "01aaaaaaaaaaaaaaaaaaaaaaaa";
    /** Every spelling of ".." a server or proxy has been fooled by. */
    private static final List<String> DOT_DOT = List.of("..", "%2e%2e", "%2E%2E", "%2E.", ".%2e", "%252e%252e",
            "%25%32%65%25%32%65", "..;", "..;x=1", "..%00", ".%2E");
    /** Whole targets that do the same with separators instead of dot segments. */
    private static final List<String> SEPARATOR_TRICKS = List.of(
            "/hooks/..%2f..%2fapi/v1/targets", "/hooks/..%2F..%2Fapi/v1/audit", "/hooks/..%5c..%5capi/v1/targets",
            "/q/health%2f..%2f..%2fapi/v1/targets", "/q/health;/../../api/v1/audit", "/q/health/;/../../q/metrics",
            "/hooks;x=1/../api/v1/targets", "/q/health/%2e/../../q/metrics", "/hooks/./../q/metrics");

    @Inject AuditRepository audit;

    private int port;

    @BeforeEach
    void port() {
        port = RestAssured.port;
    }

    @Test
    void everyProtectedPathNeedsAKey() throws Exception {
        for (String path : protectedPaths()) {
            RawHttp.Response anonymous = RawHttp.get(port, path, Map.of());
            assertThat(anonymous.status()).as("GET %s without a key", path).isEqualTo(401);
            RawHttp.Response keyed = RawHttp.get(port, path, Map.of("X-API-Key", KEY));
            assertThat(keyed.status()).as("GET %s with a key", path).isNotEqualTo(401);
        }
    }

    @Test
    void noTraversalFromAPublicPrefixReachesAProtectedPath() throws Exception {
        List<String> publicPrefixes = List.of("/q/health", "/q/health/live", "/hooks/" + SOME_ID,
                "/hooks/" + SOME_ID + "/jobs/" + SOME_ID);
        int tried = 0;
        for (String prefix : publicPrefixes) {
            int depth = prefix.split("/").length - 1;
            for (String dotDot : DOT_DOT) {
                for (String path : protectedPaths()) {
                    String target = prefix + ("/" + dotDot).repeat(depth) + path;
                    refused(RawHttp.get(port, target, Map.of()), target);
                    tried++;
                }
            }
        }
        for (String target : SEPARATOR_TRICKS) {
            refused(RawHttp.get(port, target, Map.of()), target);
        }
        // Backslashes are refused by the HTTP parser itself, before any handler: still nothing leaks.
        RawHttp.Response backslash = RawHttp.get(port, "/hooks/..\\..\\api/v1/targets", Map.of());
        assertThat(backslash.status()).isEqualTo(400);
        assertThat(backslash.body()).doesNotContain("orders");
        assertThat(tried).isGreaterThan(1000);
    }

    /** 400 problem+json before any access decision; nothing of the protected resource in the answer. */
    private static void refused(RawHttp.Response response, String target) {
        assertThat(response.status()).as("GET %s", target).isEqualTo(400);
        assertThat(response.contentType()).as("GET %s", target).startsWith("application/problem+json");
        assertThat(response.body()).as("GET %s", target).doesNotContain("\"items\"", "orders", "hub_", "jvm_");
    }

    @Test
    void noRequestHeaderOrQueryParameterReachesAResponse() throws Exception {
        Map<String, String> probes = new LinkedHashMap<>();
        probes.put("X-API-Key", KEY);
        probes.put("X-Probe", "marker-h1");
        probes.put("Set-Cookie", "marker-h2=1");
        probes.put("Refresh", "0;url=http://marker-h3.example");
        probes.put("Location", "http://marker-h4.example");
        probes.put("Cookie", "marker-h5=1");
        probes.put("Origin", "http://127.0.0.1:" + port); // same-origin, so writes are judged on their merits
        String query = "Set-Cookie=marker-q1%3D1&Refresh=0%3Burl%3Dhttp%3A%2F%2Fmarker-q2.example"
                + "&Location=http%3A%2F%2Fmarker-q3.example&X-Probe=marker-q4&Content-Disposition=marker-q5";
        List<String[]> requests = new ArrayList<>();
        for (Map.Entry<String, List<String>> op : operations().entrySet()) {
            for (String method : op.getValue()) {
                requests.add(new String[]{method, concrete(op.getKey(), !method.equals("GET"))});
            }
        }
        for (String path : List.of("/q/metrics", "/hawtio/", "/hawtio/jolokia/version", "/q/swagger-ui/", "/q/health",
                "/hooks/" + SOME_ID + "/jobs/" + SOME_ID + "?token=abc", "/api/v1/nothing-here")) {
            requests.add(new String[]{"GET", path});
        }
        requests.add(new String[]{"POST", "/hooks/" + SOME_ID});
        for (String[] request : requests) {
            String target = request[1] + (request[1].contains("?") ? "&" : "?") + query;
            Map<String, String> headers = new LinkedHashMap<>(probes);
            String body = null;
            if (!request[0].equals("GET") && !request[0].equals("DELETE")) {
                headers.put("Content-Type", "application/json");
                body = "{}";
            }
            RawHttp.Response response = RawHttp.send(port, request[0], target, headers, body);
            String what = request[0] + " " + request[1] + " -> " + response.status();
            assertThat(response.headers().keySet()).as(what)
                    .doesNotContain("x-probe", "set-cookie", "refresh", "x-api-key", "cookie");
            response.headers().forEach((name, values) -> values.forEach(value -> assertThat(value).as(what + " " + name)
                    .doesNotContain("marker-", KEY)));
            if (response.header("location") != null) {
                assertThat(response.header("location")).as(what).startsWith("/api/v1/");
            }
        }
    }

    /** Camel* headers are the routes' own: from outside they are dropped before any route sees them. */
    @Test
    void camelHeadersFromOutsideReachNoRoute() throws Exception {
        Map<String, String> forged = Map.of("CamelHttpResponseCode", "299", "CamelHttpPath", "/api/v1/audit",
                "CamelAuthentication", "Basic");
        assertThat(RawHttp.send(port, "POST", "/hooks/" + SOME_ID, headers(forged, "Content-Type", "application/json"),
                "{}").status()).isEqualTo(401);
        assertThat(RawHttp.get(port, "/api/v1/targets", headers(forged, "X-API-Key", KEY)).status()).isEqualTo(200);
        // ...and a query parameter never becomes a header the route acts on.
        assertThat(RawHttp.get(port, "/hooks/" + SOME_ID + "/jobs/" + SOME_ID + "?token=x&CamelHttpResponseCode=299",
                Map.of()).status()).isIn(400, 401);
    }

    private static Map<String, String> headers(Map<String, String> base, String name, String value) {
        Map<String, String> all = new LinkedHashMap<>(base);
        all.put(name, value);
        return all;
    }

    @Test
    void aStatusLinkCannotPlantCookiesOrRedirect() throws Exception {
        String link = "/hooks/" + SOME_ID + "/jobs/" + SOME_ID
                + "?token=x&Set-Cookie=session%3Dplanted&Refresh=0%3Burl%3Dhttp%3A%2F%2Fevil.example";
        RawHttp.Response response = RawHttp.get(port, link, Map.of());
        assertThat(response.headers()).doesNotContainKeys("set-cookie", "refresh");
    }

    @Test
    void controlCharactersAnywhereAre400Problems() throws Exception {
        for (String target : List.of("/api/v1/jobs?limit=%00", "/api/v1/jobs?targetId=a%0d%0aSet-Cookie:%20a=b",
                "/api/v1/jobs/%00", "/api/v1/targets/orders%0a", "/api/v1/jobs?%07=1", "/hooks/" + SOME_ID + "%0d%0a",
                "/q/health?x=%7f")) {
            RawHttp.Response response = RawHttp.get(port, target, Map.of("X-API-Key", KEY));
            assertThat(response.status()).as(target).isEqualTo(400);
            assertThat(response.contentType()).as(target).startsWith("application/problem+json");
            assertThat(response.headers()).as(target).doesNotContainKey("set-cookie");
        }
        // Malformed escapes are refused by the HTTP parser before any handler.
        assertThat(RawHttp.get(port, "/api/v1/jobs?limit=%zz", Map.of("X-API-Key", KEY)).status()).isEqualTo(400);
    }

    @Test
    void writesTakeJsonOnly() throws Exception {
        int before = jobCount();
        // The form post the probe used to delete artifacts, and a field name that is no header name.
        given().auth().preemptive().basic("admin", KEY).contentType("application/x-www-form-urlencoded")
                .body("{}=1").post("/api/v1/targets/orders/retention/apply")
                .then().statusCode(415).contentType(startsWith("application/problem+json"));
        given().header("X-API-Key", KEY).contentType("application/x-www-form-urlencoded")
                .body("a%01b=1&c%20d=2").post("/api/v1/targets/orders/backups")
                .then().statusCode(415).body("type", equalTo("urn:backup-hub:problem:unsupported-media-type"));
        given().header("X-API-Key", KEY).multiPart("a", "1").post("/api/v1/targets/orders/backups")
                .then().statusCode(415);
        // Bodiless writes used to mean {}: now they must say what they are.
        RawHttp.Response bodiless = RawHttp.send(port, "POST", "/api/v1/targets/orders/backups",
                Map.of("X-API-Key", KEY), null);
        assertThat(bodiless.status()).isEqualTo(415);
        assertThat(bodiless.body()).contains("no Content-Type");
        given().header("X-API-Key", KEY).contentType("text/plain").body("{}")
                .post("/api/v1/targets/orders/retention/preview").then().statusCode(415);
        given().contentType("application/x-www-form-urlencoded").body("a=1").post("/hooks/" + SOME_ID)
                .then().statusCode(415);
        assertThat(jobCount()).isEqualTo(before);
    }

    @Test
    void aBrowsersCredentialsChangeNothingFromAnotherSite() {
        int before = jobCount();
        String own = "http://127.0.0.1:" + port;
        // Basic credentials (what a browser attaches by itself) from another site: refused, whatever the body.
        browser().header("Origin", "http://evil.example").body("{}").post("/api/v1/targets/orders/backups")
                .then().statusCode(403).body("type", equalTo("urn:backup-hub:problem:cross-site-request"));
        browser().header("Sec-Fetch-Site", "cross-site").body("{}").post("/api/v1/targets/orders/backups")
                .then().statusCode(403);
        browser().header("Sec-Fetch-Site", "same-site").body("{}").put("/api/v1/targets/orders/retention")
                .then().statusCode(403);
        browser().header("Origin", "null").body("{}").post("/api/v1/webhooks/" + SOME_ID + "/disable")
                .then().statusCode(403);
        // Jolokia runs operations on GET, so a cross-site GET there is refused too; elsewhere reading is fine.
        browser().header("Sec-Fetch-Site", "cross-site").get("/hawtio/jolokia/version").then().statusCode(403);
        browser().header("Sec-Fetch-Site", "cross-site").get("/api/v1/targets").then().statusCode(200);
        assertThat(jobCount()).isEqualTo(before);
        // The hub's own pages, and clients that are not browsers, are not affected.
        browser().header("Origin", own).header("Sec-Fetch-Site", "same-origin").body("{}")
                .post("/api/v1/targets/no-such-target/backups").then().statusCode(404);
        browser().body("{}").post("/api/v1/targets/no-such-target/backups").then().statusCode(404);
        // A key in X-API-Key cannot come from a cross-site page (no preflight is ever granted).
        api().header("Origin", "http://evil.example").body("{}").post("/api/v1/targets/no-such-target/backups")
                .then().statusCode(404);
    }

    private static io.restassured.specification.RequestSpecification browser() {
        return given().auth().preemptive().basic("admin", KEY).contentType("application/json");
    }

    @Test
    void refusedRequestsAreAuditedPerSourceAndWindowNotEach() throws Exception {
        long before = audit.recent(1, null).stream().mapToLong(AuditEntry::id).findFirst().orElse(0);
        int requests = 120;
        // From an address of its own: the guesser soon waits (429, AccessTest), and those refusals count too.
        for (int i = 0; i < requests; i++) {
            assertThat(RawHttp.send("127.0.0.81", port, "GET", "/api/v1/targets", Map.of("X-API-Key", "wrong-" + i),
                    null).status()).isIn(401, 429);
        }
        Pattern counted = Pattern.compile("^(\\d+) request\\(s\\) denied");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<AuditEntry> denied = audit.recent(500, null).stream()
                    .filter(e -> e.id() > before && "denied".equals(e.outcome())).toList();
            int total = denied.stream().mapToInt(e -> {
                Matcher m = counted.matcher(e.detail());
                return m.find() ? Integer.parseInt(m.group(1)) : 0;
            }).sum();
            assertThat(total).isGreaterThanOrEqualTo(requests);
            assertThat(denied.size()).isLessThan(requests / 4);
            assertThat(denied).allSatisfy(e -> assertThat(e.detail()).doesNotContain("wrong-"));
        });
    }

    @Test
    void oversizedRequestsAreProblems() throws Exception {
        RawHttp.Response longUri = RawHttp.get(port, "/api/v1/jobs?x=" + "a".repeat(5000), Map.of("X-API-Key", KEY));
        assertThat(longUri.status()).isEqualTo(414);
        assertThat(longUri.contentType()).startsWith("application/problem+json");
        String big = "{\"options\":{\"x\":\"" + "a".repeat(2_000_000) + "\"}}";
        RawHttp.Response bigBody = RawHttp.send(port, "POST", "/api/v1/targets/orders/backups",
                Map.of("X-API-Key", KEY, "Content-Type", "application/json"), big);
        assertThat(bigBody.status()).isEqualTo(413);
        assertThat(bigBody.contentType()).startsWith("application/problem+json");
    }

    /** GET paths of every API operation, plus the other authenticated surfaces. */
    private List<String> protectedPaths() throws Exception {
        List<String> paths = new ArrayList<>();
        for (Map.Entry<String, List<String>> op : operations().entrySet()) {
            if (op.getValue().contains("GET")) {
                paths.add(concrete(op.getKey(), false));
            }
        }
        paths.addAll(List.of("/q/metrics", "/hawtio/", "/hawtio/jolokia/version", "/q/swagger-ui/",
                "/api/v1/openapi.json", "/q/openapi"));
        return paths;
    }

    /** API paths and their methods, from the generated OpenAPI document. */
    private static Map<String, List<String>> operations() throws Exception {
        JsonNode doc = new ObjectMapper().readTree(api().get("/api/v1/openapi.json").then().statusCode(200)
                .extract().asString());
        Map<String, List<String>> operations = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = doc.get("paths").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> path = it.next();
            List<String> methods = new ArrayList<>();
            path.getValue().fieldNames().forEachRemaining(m -> methods.add(m.toUpperCase(java.util.Locale.ROOT)));
            operations.put(path.getKey(), methods);
        }
        assertThat(operations).hasSizeGreaterThan(25);
        return operations;
    }

    /** A real path for a templated one; writes name things that do not exist, so they change nothing. */
    private static String concrete(String template, boolean write) {
        String target = write ? "no-such-target" : "orders";
        return template.replace("/targets/{id}", "/targets/" + target)
                .replace("/routes/{id}", "/routes/no-such-route")
                .replace("{env}", write ? "no-such-env" : "production")
                .replace("{zoneId}", "0123456789abcdef0123456789abcdef").replace("{recordId}", "fedcba9876543210")
                .replace("{id}", SOME_ID);
    }
}
