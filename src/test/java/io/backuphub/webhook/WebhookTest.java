package io.backuphub.webhook;

import static io.backuphub.testing.HubApi.api;
import static io.backuphub.testing.HubApi.awaitFinished;
import static io.backuphub.testing.HubApi.jobCount;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.backuphub.catalog.Db;
import io.backuphub.common.HookSignature;
import io.backuphub.testing.HubTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** "Backup before deploy": CI's signed requests, and every way one is refused without starting anything. */
@QuarkusTest
@QuarkusTestResource(value = HubTestResource.class, restrictToAnnotatedClass = false)
class WebhookTest {

    @Inject Db db;

    @Inject WebhookRepository store;

    private static final String BODY = "{\"action\":\"backup\",\"target\":\"orders-local\",\"metadata\":{\"sha\":\"abc123\"}}";

    record Hook(String id, String secret) {
    }

    private static Hook create(String json) {
        JsonPath created = api().contentType("application/json").body(json).post("/api/v1/webhooks")
                .then().statusCode(201).header("Location", startsWith("/api/v1/webhooks/"))
                .body("secret", startsWith("whsec_")).extract().jsonPath();
        return new Hook(created.getString("id"), created.getString("secret"));
    }

    private static Hook deploys() {
        return create("{\"name\":\"deploys\",\"allowedActions\":[\"backup\"],\"allowedTargets\":[\"orders-local\"],"
                + "\"allowedEnvironments\":[\"staging\"],\"ratePerHour\":10}");
    }

    private static Response deliver(Hook hook, String body, String delivery, long timestamp, String signedBody) {
        String ts = Long.toString(timestamp);
        return send(hook, body, delivery, ts,
                HookSignature.sign(hook.secret(), ts, delivery, signedBody.getBytes(StandardCharsets.UTF_8)));
    }

    private static Response send(Hook hook, String body, String delivery, String timestamp, String signature) {
        return given().contentType("application/json")
                .header(HookSignature.TIMESTAMP, timestamp)
                .header(HookSignature.DELIVERY, delivery)
                .header(HookSignature.SIGNATURE, signature)
                .body(body)
                .post("/hooks/" + hook.id());
    }

    private static Response deliver(Hook hook, String body) {
        return deliver(hook, body, UUID.randomUUID().toString(), Instant.now().getEpochSecond(), body);
    }

    @Test
    void signingSecretsAreSealedInTheCatalog() {
        Hook hook = deploys();
        String stored = storedSecret(hook.id());
        assertThat(stored).startsWith("sealed:v1:").doesNotContain(hook.secret());
        deliver(hook, BODY).then().statusCode(202);
    }

    /** A secret stored before hub.secrets.key was set: sealed at the next start, and still verifies. */
    @Test
    void anOlderPlainSecretIsSealedAtStartAndStillVerifies() {
        Hook older = deploys();
        db.update("UPDATE webhooks SET secret = ? WHERE id = ?", older.secret(), older.id());
        store.onStart(null);
        assertThat(storedSecret(older.id())).startsWith("sealed:v1:").doesNotContain(older.secret());
        deliver(older, BODY).then().statusCode(202);
        deliver(older, BODY.replace("abc123", "changed"), UUID.randomUUID().toString(), Instant.now().getEpochSecond(),
                BODY)
                .then().statusCode(401);
    }

    private String storedSecret(String webhookId) {
        return db.queryOne("SELECT secret FROM webhooks WHERE id = ?", rs -> rs.getString(1), webhookId).orElseThrow();
    }

    /** The step docs/webhooks.md gives for GitHub Actions, run as written with bash, openssl, curl and jq. */
    @Test
    void theDocumentedGitHubActionsStepBacksUpAndWaits() throws Exception {
        String doc = Files.readString(Path.of("docs/webhooks.md"));
        String block = doc.substring(doc.indexOf("  run: |\n") + "  run: |\n".length());
        String script = block.substring(0, block.indexOf("```")).lines()
                .map(line -> line.length() >= 4 ? line.substring(4) : line.strip())
                .collect(Collectors.joining("\n"));
        Hook hook = create("{\"name\":\"gha\",\"allowedActions\":[\"backup\"],\"allowedTargets\":[\"orders\"],"
                + "\"allowedEnvironments\":[\"production\"],\"ratePerHour\":10}");
        ProcessBuilder bash = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true);
        bash.environment().putAll(Map.of("HUB", "http://127.0.0.1:" + RestAssured.port, "HOOK_ID", hook.id(),
                "HOOK_SECRET", hook.secret(), "GITHUB_SHA", "4f2e9a1", "GITHUB_RUN_ID", "7001", "GITHUB_RUN_ATTEMPT",
                "1"));
        Process step = bash.start();
        String output = new String(step.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(step.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(step.exitValue()).as(output).isZero();
        assertThat(output).contains("backup: succeeded verified");
        JsonPath job = api().queryParam("targetId", "orders").queryParam("limit", 100).get("/api/v1/jobs")
                .then().extract().jsonPath();
        assertThat(job.getList("items.triggeredBy")).contains("webhook:gha");
    }

    @Test
    void signedDeliveryStartsABackupThePipelineCanWaitFor() {
        Hook hook = deploys();
        JsonPath answer = deliver(hook, BODY).then().statusCode(202).extract().jsonPath();
        String jobId = answer.getString("jobId");
        JsonPath job = api().get("/api/v1/jobs/" + jobId).then().statusCode(200).extract().jsonPath();
        assertThat(job.getString("trigger")).isEqualTo("webhook");
        assertThat(job.getString("triggerRef")).isEqualTo(hook.id());
        assertThat(job.getString("triggeredBy")).isEqualTo("webhook:deploys");
        assertThat(job.getString("targetId")).isEqualTo("orders-local");

        // The status link works without an API key, for that job only.
        String statusUrl = answer.getString("statusUrl");
        io.backuphub.testing.Waits.await().atMost(Duration.ofMinutes(3)).until(
                () -> "succeeded".equals(given().get(statusUrl).then().statusCode(200).extract().path("status")));
        given().get(statusUrl.replace("token=", "token=00")).then().statusCode(401);
        awaitFinished(jobId, Duration.ofMinutes(1));

        // The secret is shown once and never again.
        api().get("/api/v1/webhooks/" + hook.id()).then().statusCode(200).body("$", not(hasKey("secret")));
        assertThat(api().get("/api/v1/webhooks").then().extract().asString()).doesNotContain(hook.secret());
    }

    @Test
    void sameDeliveryTwiceStartsOneJob() {
        Hook hook = deploys();
        String delivery = UUID.randomUUID().toString();
        long now = Instant.now().getEpochSecond();
        String first = deliver(hook, BODY, delivery, now, BODY).then().statusCode(202).extract().path("jobId");
        int jobs = jobCount();
        String second = deliver(hook, BODY, delivery, now, BODY).then().statusCode(202).extract().path("jobId");
        assertThat(second).isEqualTo(first);
        assertThat(jobCount()).isEqualTo(jobs);
    }

    @Test
    void badMissingOrStaleSignaturesAre401AndStartNothing() {
        Hook hook = deploys();
        int jobs = jobCount();
        long now = Instant.now().getEpochSecond();
        // Body changed after signing.
        problem(deliver(hook, BODY.replace("orders-local", "orders"), "d1", now, BODY), 401);
        // Signed with another secret.
        problem(deliver(new Hook(hook.id(), "whsec_wrong"), BODY, "d2", now, BODY), 401);
        // Stale and future timestamps.
        problem(deliver(hook, BODY, "d3", now - 330, BODY), 401).body("detail", containsString("stale"));
        problem(deliver(hook, BODY, "d4", now + 330, BODY), 401);
        // No signature at all.
        problem(given().contentType("application/json").body(BODY).post("/hooks/" + hook.id()), 401);
        // Unknown webhook and junk ids.
        problem(deliver(new Hook("01aaaaaaaaaaaaaaaaaaaaaaaa", hook.secret()), BODY, "d5", now, BODY), 401);
        problem(deliver(new Hook("..%2F..%2Fapi", hook.secret()), BODY, "d6", now, BODY), 400); // refused at the edge
        assertThat(jobCount()).isEqualTo(jobs);
    }

    /** The delivery id is signed: a captured request re-sent under another id is refused and costs no quota. */
    @Test
    void aCapturedDeliveryCannotBeReplayedUnderANewDeliveryId() {
        Hook hook = create("{\"name\":\"twice\",\"allowedActions\":[\"backup\"],\"allowedTargets\":[\"orders-local\"],"
                + "\"allowedEnvironments\":[\"*\"],\"ratePerHour\":2}");
        String ts = Long.toString(Instant.now().getEpochSecond());
        String signature = HookSignature.sign(hook.secret(), ts, "ci-run-1", BODY.getBytes(StandardCharsets.UTF_8));
        send(hook, BODY, "ci-run-1", ts, signature).then().statusCode(202);
        int jobs = jobCount();
        for (int i = 0; i < 5; i++) {
            problem(send(hook, BODY, "replayed-" + i, ts, signature), 401)
                    .body("detail", containsString("invalid signature"));
        }
        assertThat(jobCount()).isEqualTo(jobs);
        // The hourly quota of 2 still has room for the real second delivery.
        deliver(hook, BODY).then().statusCode(202);
    }

    /** v1 (no delivery id in the HMAC) is accepted only from a webhook explicitly set to it. */
    @Test
    void theDeprecatedV1SignatureOnlyWhereAWebhookIsSetToIt() {
        Hook modern = deploys();
        api().get("/api/v1/webhooks/" + modern.id()).then().body("signatureScheme", equalTo("v2"));
        String ts = Long.toString(Instant.now().getEpochSecond());
        String v1 = HookSignature.signV1(modern.secret(), ts, BODY.getBytes(StandardCharsets.UTF_8));
        problem(send(modern, BODY, "v1-at-v2", ts, v1), 401);

        Hook legacy = create(
                "{\"name\":\"old-ci\",\"allowedActions\":[\"backup\"],\"allowedTargets\":[\"orders-local\"],"
                        + "\"allowedEnvironments\":[\"*\"],\"signatureScheme\":\"v1\"}");
        api().get("/api/v1/webhooks/" + legacy.id()).then().body("signatureScheme", equalTo("v1"));
        send(legacy, BODY, "v1-at-v1", ts,
                HookSignature.signV1(legacy.secret(), ts, BODY.getBytes(StandardCharsets.UTF_8)))
                .then().statusCode(202);

        api().body("{\"signatureScheme\":\"v2\"}").put("/api/v1/webhooks/" + legacy.id() + "/signature-scheme")
                .then().statusCode(200).body("signatureScheme", equalTo("v2"));
        problem(send(legacy, BODY, "v1-after-switch", ts,
                HookSignature.signV1(legacy.secret(), ts, BODY.getBytes(StandardCharsets.UTF_8))), 401);
        deliver(legacy, BODY).then().statusCode(202);
        problem(api().body("{\"signatureScheme\":\"v0\"}").put("/api/v1/webhooks/" + legacy.id() + "/signature-scheme"),
                400)
                .body("detail", containsString("signatureScheme"));
    }

    @Test
    void outOfScopeOrDisabledIs403() {
        Hook hook = deploys();
        int jobs = jobCount();
        problem(deliver(hook, "{\"action\":\"restore\",\"target\":\"orders-local\"}"), 403).body("detail",
                containsString("action"));
        problem(deliver(hook, "{\"action\":\"backup\",\"target\":\"orders\"}"), 403).body("detail",
                containsString("target"));

        Hook anyTarget = create(
                "{\"name\":\"prod-only\",\"allowedActions\":[\"backup\"],\"allowedTargets\":[\"orders*\"],"
                        + "\"allowedEnvironments\":[\"production\"]}");
        problem(deliver(anyTarget, BODY), 403).body("detail", containsString("environment staging"));

        api().post("/api/v1/webhooks/" + hook.id() + "/disable").then().statusCode(200).body("enabled", equalTo(false));
        problem(deliver(hook, BODY), 403).body("detail", containsString("disabled"));
        assertThat(jobCount()).isEqualTo(jobs);
        api().post("/api/v1/webhooks/" + hook.id() + "/enable").then().statusCode(200).body("enabled", equalTo(true));
    }

    @Test
    void rateLimitIs429WithRetryAfter() {
        Hook hook = create("{\"name\":\"once\",\"allowedActions\":[\"backup\"],\"allowedTargets\":[\"orders-local\"],"
                + "\"allowedEnvironments\":[\"*\"],\"ratePerHour\":1}");
        deliver(hook, BODY).then().statusCode(202);
        int jobs = jobCount();
        Response limited = deliver(hook, BODY);
        problem(limited, 429);
        assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(3500L, 3600L);
        assertThat(jobCount()).isEqualTo(jobs);
    }

    /**
     * A leaked secret cannot make the hub refuse deliveries without end: refused ones count toward the
     * webhook's rate like accepted ones.
     */
    @Test
    void refusedDeliveriesCountTowardTheRate() {
        Hook hook = create("{\"name\":\"thrice\",\"allowedActions\":[\"backup\"],\"allowedTargets\":[\"orders-local\"],"
                + "\"allowedEnvironments\":[\"*\"],\"ratePerHour\":3}");
        int jobs = jobCount();
        problem(deliver(hook, "{\"action\":\"backup\",\"targetId\":\"orders\"}"), 403);
        problem(deliver(hook, "{\"action\":\"restore\",\"targetId\":\"orders-local\"}"), 403);
        problem(deliver(hook, "{\"action\":\"backup\",\"targetId\":\"Not A Target\"}"), 400);
        Response limited = deliver(hook, BODY);
        problem(limited, 429).body("detail", containsString("refused ones included"));
        assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(3500L, 3600L);
        assertThat(jobCount()).isEqualTo(jobs);
    }

    /**
     * A target id is checked to be one before any pattern is matched against it, and patterns match
     * without backtracking: the pattern and id that once took seconds per request are answered at once.
     */
    @Test
    void targetIdsAreCheckedBeforePatternsAndPatternsDoNotBacktrack() {
        Hook hook = create("{\"name\":\"stars\",\"allowedActions\":[\"backup\"],"
                + "\"allowedTargets\":[\"*a*a*a*a*a*a*b\"],\"allowedEnvironments\":[\"*\"],\"ratePerHour\":100}");
        problem(deliver(hook, "{\"action\":\"backup\",\"targetId\":\"" + "a".repeat(63) + "\"}"), 403)
                .body("detail", containsString("not allowed"));
        problem(deliver(hook, "{\"action\":\"backup\",\"targetId\":\"" + "a".repeat(64) + "\"}"), 400)
                .body("detail", containsString("targetId must be a target's id"));
        problem(deliver(hook, "{\"action\":\"backup\",\"targetId\":\"orders\\nlocal\"}"), 400);
    }

    @Test
    void aMalformedDeliveryBodyIs400() {
        Hook hook = deploys();
        problem(deliver(hook, "{\"action\":\"backup\",\"target\":\"orders-local\",\"extra\":1}"), 400)
                .body("detail", containsString("unknown field"));
    }

    @Test
    void aDeliveryToADeletedWebhookIs401() {
        Hook hook = deploys();
        api().delete("/api/v1/webhooks/" + hook.id()).then().statusCode(204);
        problem(deliver(hook, BODY), 401);
    }

    @Test
    void invalidWebhookDefinitionsAre400() {
        problem(api().contentType("application/json")
                .body("{\"name\":\"x\",\"allowedActions\":[\"drop\"],\"allowedTargets\":[\"../x\"],"
                        + "\"ratePerHour\":0}")
                .post("/api/v1/webhooks"), 400)
                .body("errors.size()", equalTo(3));
    }

    private static io.restassured.response.ValidatableResponse problem(Response response, int status) {
        return response.then().statusCode(status).contentType(startsWith("application/problem+json"))
                .body("status", equalTo(status));
    }
}
