package io.backuphub.api;

import static io.backuphub.testing.HubApi.api;
import static io.backuphub.testing.HubApi.jobCount;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import io.backuphub.testing.HubTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bad and hostile input gets the right 4xx as problem+json, says what is wrong, and starts nothing.
 */
@QuarkusTest
@QuarkusTestResource(value = HubTestResource.class, restrictToAnnotatedClass = false)
class HostileInputTest {

    private static final Path CANARY = Path.of(System.getProperty("java.io.tmpdir"), "backup-hub-pwned");
    private int jobsBefore;

    @BeforeEach
    void countJobs() throws Exception {
        Files.deleteIfExists(CANARY);
        jobsBefore = jobCount();
    }

    @AfterEach
    void nothingStarted() {
        assertThat(jobCount()).as("jobs created by a rejected request").isEqualTo(jobsBefore);
        assertThat(CANARY).as("a shell command smuggled in input ran").doesNotExist();
    }

    @Test
    void missingApiKey() {
        given().get("/api/v1/targets").then().statusCode(401)
                .contentType(startsWith("application/problem+json"))
                .body("type", equalTo("urn:backup-hub:problem:unauthorized"))
                .body("status", equalTo(401));
        given().contentType("application/json").body("{}").post("/api/v1/targets/orders/backups").then()
                .statusCode(401);
    }

    @Test
    void wrongApiKey() {
        given().header("X-API-Key", "guess").get("/api/v1/jobs").then().statusCode(401)
                .body("detail", containsString("unknown API key"));
        given().auth().preemptive().basic("admin", "guess").get("/q/metrics").then().statusCode(401);
        given().get("/hawtio/").then().statusCode(401);
    }

    @Test
    void healthNeedsNoKey() {
        given().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void basicAuthCarriesTheKeyForBrowsersAndPrometheus() {
        given().auth().preemptive().basic("prometheus", HubTestResource.ADMIN_KEY).get("/q/metrics").then()
                .statusCode(200);
    }

    @Test
    void shellMetacharactersInTargetId() {
        problem(api().contentType("application/json").body("{}")
                .post("/api/v1/targets/orders;touch%20" + CANARY.toString().replace("/", "%2F") + "/backups"), 400);
        rejected(api().contentType("application/json").body("{}")
                .post("/api/v1/targets/orders;touch%20" + CANARY + "/backups"));
        problem(api().contentType("application/json").body("{}")
                .post("/api/v1/targets/$(touch%20" + CANARY.getFileName() + ")/backups"), 400);
    }

    @Test
    void pathTraversalInIds() {
        rejected(api().contentType("application/json").body("{}").post("/api/v1/targets/..%2F..%2Fetc/backups"));
        rejected(api().contentType("application/json").body("{}").post("/api/v1/targets/../../etc/backups"));
        problem(api().get("/api/v1/artifacts/..%2F..%2Fetc%2Fpasswd/download"), 400);
        problem(api().get("/api/v1/jobs/..%2Fcatalog"), 400);
        problem(api().post("/api/v1/routes/..%2F..%2Fetc%2Fpasswd/reload"), 400);
    }

    @Test
    void shellMetacharactersInOptions() {
        problem(backup("{\"options\":{\"schemas\":[\"public; touch " + CANARY + "\"]}}"), 400)
                .body("errors", hasItem(startsWith("options.schemas[0]: must match")));
        problem(backup("{\"options\":{\"excludeTables\":[\"x' || pg_sleep(1) --\"]}}"), 400);
        problem(backup("{\"options\":{\"compress\":\"9 && rm -rf /\"}}"), 400)
                .body("detail", containsString("unknown option"));
    }

    @Test
    void unknownFieldIsNamed() {
        problem(backup("{\"dealy\":\"PT10M\"}"), 400).body("detail", containsString("unknown field \"dealy\""));
    }

    @Test
    void malformedJson() {
        problem(backup("{\"delay\": "), 400).body("detail", containsString("malformed"));
        problem(backup("[1,2]"), 400);
        problem(backup("{\"delay\":\"ten minutes\"}"), 400).body("detail", containsString("delay"));
    }

    @Test
    void oversizedBody() {
        String big = "{\"options\":{\"schemas\":[\"" + "a".repeat(20_000) + "\"]}}";
        problem(backup(big), 413);
    }

    @Test
    void nonJsonBody() {
        problem(api().contentType("text/plain").body("delay=PT1M").post("/api/v1/targets/orders/backups"), 415);
    }

    @Test
    void delayOutOfRange() {
        problem(backup("{\"delay\":\"PT30S\"}"), 400).body("detail", containsString("PT1M and P30D"));
        problem(backup("{\"delay\":\"P31D\"}"), 400);
        problem(backup("{\"runAt\":\"" + Instant.now().minusSeconds(3600) + "\"}"), 400)
                .body("detail", containsString("runAt"));
        problem(backup("{\"delay\":\"PT10M\",\"runAt\":\"" + Instant.now().plusSeconds(3600) + "\"}"), 400);
    }

    @Test
    void emptyTimingIsNotNow() {
        problem(backup("{\"delay\":\"\"}"), 400).body("detail", containsString("delay"));
        problem(backup("{\"runAt\":\"\"}"), 400).body("detail", containsString("runAt"));
    }

    @Test
    void unknownQueryParametersAreNamed() {
        // A typo'd filter must not quietly return everything.
        problem(api().get("/api/v1/jobs?targetID=orders"), 400)
                .body("detail", containsString("unknown query parameter \"targetID\""))
                .body("detail", containsString("targetId"));
        problem(api().get("/api/v1/targets?verbose=1&debug=2"), 400)
                .body("detail", containsString("\"debug\", \"verbose\": this operation takes none"));
        problem(api().contentType("application/json").body("{}").post("/api/v1/targets/orders/backups?delay=PT10M"),
                400);
        problem(api().get("/api/v1/jobs?limit=1&limit=2"), 400).body("detail", containsString("more than once"));
        api().get("/api/v1/jobs?targetId=orders&limit=1").then().statusCode(200);
    }

    @Test
    void unknownTargetsAndJobsAre404() {
        problem(api().contentType("application/json").body("{}").post("/api/v1/targets/nope/backups"), 404);
        problem(api().get("/api/v1/jobs/01aaaaaaaaaaaaaaaaaaaaaaaa"), 404);
    }

    @Test
    void badJobQueriesAre400() {
        problem(api().get("/api/v1/jobs?status=exploded"), 400);
        problem(api().get("/api/v1/jobs?limit=100000"), 400);
        problem(api().get("/api/v1/jobs?cursor=not-a-cursor"), 400);
    }

    @Test
    void hostileTargetsFileIsRefusedAndTheRunningTargetsStay() throws Exception {
        Path file = HubTestResource.targetsFile();
        String original = Files.readString(file);
        try {
            Files.writeString(file, original.replace("name: orders\n", "name: \"orders$(touch " + CANARY + ")\"\n"));
            problem(api().post("/api/v1/targets/reload"), 422)
                    .body("type", equalTo("urn:backup-hub:problem:invalid-targets-file"))
                    .body("errors", hasItem(containsString("database.name: must match")));
            api().get("/api/v1/targets/orders").then().statusCode(200).body("database.name", equalTo("orders"));
        } finally {
            Files.writeString(file, original);
        }
        api().post("/api/v1/targets/reload").then().statusCode(200);
    }

    /** Refused as a bad request or as a resource that does not exist, never anything else. */
    private static void rejected(io.restassured.response.Response response) {
        assertThat(response.statusCode()).isIn(400, 404);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    private static io.restassured.response.Response backup(String body) {
        return api().contentType("application/json").body(body).post("/api/v1/targets/orders/backups");
    }

    private static io.restassured.response.ValidatableResponse problem(io.restassured.response.Response response,
            int status) {
        return response.then().statusCode(status)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(status))
                .body("type", startsWith("urn:backup-hub:problem:"))
                .body("detail", org.hamcrest.Matchers.notNullValue());
    }
}
